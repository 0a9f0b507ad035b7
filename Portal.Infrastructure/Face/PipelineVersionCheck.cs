using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Domain.Auditing;
using Portal.Domain.Queue;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Crops;
using Portal.Infrastructure.Options;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Queue;

namespace Portal.Infrastructure.Face;

/// <summary>
/// At start: when this build's pipeline version (<see cref="FaceOptions.PipelineVersion"/>) is not the active one,
/// queues one re-index towards it. Under the portal's write lock, so processes starting together queue one job
/// between them; a process started while that re-index runs finds it under way and queues nothing.
/// </summary>
public sealed class PipelineVersionCheck(
    IDbContextFactory<PortalDbContext> contextFactory,
    JobQueue queue,
    AuditLog auditLog,
    CropFiles crops,
    IOptions<FaceOptions> options,
    TimeProvider timeProvider)
{
    /// <summary>Returns the new re-index run's id, or null when none was needed or one is under way.</summary>
    public async Task<Guid?> EnsureReindexAsync(CancellationToken cancellationToken = default)
    {
        var shipped = options.Value.PipelineVersion;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var state = await PipelineVersions.TrackedAsync(db, cancellationToken);
        if (state.TargetVersion == shipped || (state.ActiveVersion == shipped && state.TargetVersion is null))
            return null;
        // A re-index towards another version (an earlier build's) is abandoned: its rows were never searched, so no
        // replica holds them and no log entry is needed. Rows of older versions that a candidate points at stay (FaceReindex).
        var abandoned = db.Faces.Where(f => f.PipelineVersion != state.ActiveVersion && !db.Candidates.Any(c => c.FaceId == f.Id));
        var abandonedIds = await abandoned.Select(f => f.Id).ToListAsync(cancellationToken);
        await abandoned.ExecuteDeleteAsync(cancellationToken);
        await db.GalleryImages.Where(i => i.EmbeddedVersion != state.ActiveVersion)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.EmbeddedVersion, state.ActiveVersion), cancellationToken);
        var now = timeProvider.GetUtcNow();
        if (state.ActiveVersion == shipped)
        {
            (state.TargetVersion, state.ReindexRunId) = (null, null); // this build is back on the active version
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            crops.Delete(abandonedIds);
            return null;
        }
        var run = Guid.NewGuid();
        state.TargetVersion = shipped;
        state.ReindexRunId = run;
        state.PhotosDone = 0;
        state.PhotosTotal = await db.GalleryImages.CountAsync(cancellationToken);
        state.ReindexStartedAt = now;
        queue.Stage(db, JobKind.Reindex, run, Guid.Empty, "system");
        await auditLog.AppendWithinAsync(db, "system", AuditActions.ReindexStarted, $"reindex:{run}", string.Create(CultureInfo.InvariantCulture,
            $"Face pipeline version {state.ActiveVersion} to {shipped}: {state.PhotosTotal} photo(s) to re-embed"), null, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        crops.Delete(abandonedIds);
        queue.Signal();
        return run;
    }
}
