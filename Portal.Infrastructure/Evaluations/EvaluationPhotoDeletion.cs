using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Evaluations;

/// <summary>
/// Deletes a set's folder (photos, labels, work files) and records it: the run's PhotosDeletedAt, when the run exists,
/// and an audit entry, whether the run ended normally or the folder was found left behind by the sweep.
/// </summary>
public sealed class EvaluationPhotoDeletion(
    IDbContextFactory<PortalDbContext> contextFactory,
    EvaluationFolders folders,
    AuditLog auditLog,
    TimeProvider timeProvider)
{
    /// <summary>True when this call deleted the folder; false when there was none (or another process deleted it first).</summary>
    public async Task<bool> DeleteAsync(Guid runId, string details, CancellationToken cancellationToken = default)
    {
        if (!folders.Exists(runId))
            return false;
        try
        {
            folders.Delete(runId);
        }
        catch (DirectoryNotFoundException)
        {
            return false; // another process's sweep got there first, and records it
        }
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        if (await db.EvaluationRuns.FirstOrDefaultAsync(r => r.Id == runId, cancellationToken) is { } run)
            run.PhotosDeletedAt = timeProvider.GetUtcNow();
        await auditLog.SaveWithEntryAsync(db, EvaluationRunner.Actor, AuditActions.EvaluationPhotosDeleted, $"evaluation:{runId}", details, null, cancellationToken);
        return true;
    }
}
