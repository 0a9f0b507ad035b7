using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Domain.Auditing;
using Portal.Domain.Faces;
using Portal.Domain.Queue;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Crops;
using Portal.Infrastructure.Options;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Queue;

namespace Portal.Infrastructure.Face;

/// <summary>
/// At start: queues a re-index towards this process's pipeline version (<see cref="FaceOptions.PipelineVersion"/>)
/// when that version is HIGHER than both the active one and any re-index's target; it never goes down, so processes
/// set differently (an older build, or one set to version 1 for comparison) do not keep superseding each other's
/// re-index. A process set lower than the active version searches with the active version (probes are embedded with
/// the version of the index they are searched in); one whose build cannot compute the active version says so here
/// and its workers leave searches to processes that can (<see cref="FacePipelineVersion"/>). A portal with nothing
/// stored yet simply takes this version. Under the portal's write lock, so processes starting together queue one job
/// between them; a process started while that re-index runs finds it under way and queues nothing.
/// </summary>
public sealed partial class PipelineVersionCheck(
    IDbContextFactory<PortalDbContext> contextFactory,
    JobQueue queue,
    AuditLog auditLog,
    CropFiles crops,
    IOptions<FaceOptions> options,
    TimeProvider timeProvider,
    ILogger<PipelineVersionCheck> logger)
{
    /// <summary>Returns the new re-index run's id, or null when none was needed or one is under way.</summary>
    public async Task<Guid?> EnsureReindexAsync(CancellationToken cancellationToken = default)
    {
        var wanted = FacePipelineVersion.Require(options.Value.PipelineVersion);
        List<Guid> abandoned;
        Guid run;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        await using (var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken))
        {
            var state = await PipelineVersions.TrackedAsync(db, cancellationToken);
            if (!FacePipelineVersion.IsComputable(state.ActiveVersion))
                LogCannotSearch(logger, state.ActiveVersion, FacePipelineVersion.Current);
            else if (wanted < state.ActiveVersion)
                LogServesActive(logger, wanted, state.ActiveVersion);
            if (!StartsReindex(wanted, state.ActiveVersion, state.TargetVersion))
                return null;
            if (state.TargetVersion is null && !await db.GalleryImages.AnyAsync(cancellationToken) && !await db.Faces.AnyAsync(cancellationToken))
            {
                // Nothing stored to re-embed: the new version is complete already, and no search has anything to lose.
                state.ActiveVersion = wanted;
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return null;
            }
            // A re-index towards a lower version (an earlier build's) is abandoned: its rows were never searched, so
            // no replica holds them; their crops go below, after the commit. Rows of older versions that a candidate
            // points at stay (FaceReindex).
            var unshown = db.Faces.Where(f => f.PipelineVersion != state.ActiveVersion && !db.Candidates.Any(c => c.FaceId == f.Id));
            abandoned = await unshown.Select(f => f.Id).ToListAsync(cancellationToken);
            await unshown.ExecuteDeleteAsync(cancellationToken);
            await db.GalleryImages.Where(i => i.EmbeddedVersion != state.ActiveVersion)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.EmbeddedVersion, state.ActiveVersion), cancellationToken);
            run = Guid.NewGuid();
            state.TargetVersion = wanted;
            state.ReindexRunId = run;
            state.PhotosDone = 0;
            state.PhotosTotal = await db.GalleryImages.CountAsync(cancellationToken);
            state.ReindexStartedAt = timeProvider.GetUtcNow();
            queue.Stage(db, JobKind.Reindex, run, Guid.Empty, "system");
            await auditLog.AppendWithinAsync(db, "system", AuditActions.ReindexStarted, $"reindex:{run}", string.Create(CultureInfo.InvariantCulture,
                $"Face pipeline version {state.ActiveVersion} to {wanted}: {state.PhotosTotal} photo(s) to re-embed"), null, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        crops.Delete(abandoned);
        queue.Signal();
        return run;
    }

    /// <summary>
    /// Whether a process set to <paramref name="wanted"/> starts a re-index (or retargets the one towards
    /// <paramref name="target"/>): only towards a version higher than both, so no setting ever cancels a re-index,
    /// lowers its target or takes the portal back below <paramref name="active"/>.
    /// </summary>
    public static bool StartsReindex(int wanted, int active, int? target) => wanted > active && (target is null || wanted > target);

    [LoggerMessage(Level = LogLevel.Error, Message = "Searches use face pipeline version {Active}, which this build (newest {Newest}) cannot compute: this process will not search; run a newer build")]
    private static partial void LogCannotSearch(ILogger logger, int active, int newest);

    [LoggerMessage(Level = LogLevel.Information, Message = "This process is set to face pipeline version {Wanted}, below the active version {Active}: it searches with version {Active}, and starts no re-index")]
    private static partial void LogServesActive(ILogger logger, int wanted, int active);
}
