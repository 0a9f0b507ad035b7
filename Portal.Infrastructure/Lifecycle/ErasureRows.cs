using Microsoft.EntityFrameworkCore;
using Portal.Domain.Lifecycle;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Queue;

namespace Portal.Infrastructure.Lifecycle;

/// <summary>
/// The database half of an erasure, inside the eraser's write transaction: faces (logged for every replica), queued
/// work, photo rows and the gallery row; for a case its personal text. Candidates, probe faces and decisions stay: they
/// hold ids, scores and verdicts, the facts the audit and the statistics need, never a photo.
/// </summary>
public sealed class ErasureRows(FaceStore faces, JobQueue queue)
{

    /// <summary>Removes what is left; returns the face change log position of the removal (0 when no face was removed).</summary>
    internal async Task<long> RemoveAsync(PortalDbContext db, ErasureRecord record, ErasureTarget target, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await queue.StopAsync(db, target.JobIds, cancellationToken);
        if (record.Scope == ErasureScope.Case)
        {
            await CaseProbeData.BlankAsync(db, db.Probes.Where(p => p.CaseId == record.ScopeId && p.OrganisationId == record.OrganisationId),
                db.Cases.Where(c => c.Id == record.ScopeId && c.OrganisationId == record.OrganisationId), now, cancellationToken);
            return 0;
        }
        var faceIds = await ErasureTargets.FaceIds(db, record).ToListAsync(cancellationToken);
        var position = await faces.StageRemovalAsync(db, faceIds, cancellationToken);
        await ErasureTargets.Images(db, record).ExecuteDeleteAsync(cancellationToken);
        if (record.Scope == ErasureScope.Gallery)
            await db.Galleries.Where(g => g.Id == record.ScopeId && g.OrganisationId == record.OrganisationId).ExecuteDeleteAsync(cancellationToken);
        return position;
    }
}
