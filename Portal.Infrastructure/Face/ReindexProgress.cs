using Microsoft.EntityFrameworkCore;
using Portal.Domain.Common;
using Portal.Domain.Faces;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Face;

/// <summary>A re-index under way: photos done of the total, and the versions it moves between.</summary>
public sealed record ReindexStatus(int FromVersion, int ToVersion, int PhotosDone, int PhotosTotal);

/// <summary>What the queue page shows of the face pipeline, to platform admins only.</summary>
public sealed record PipelineStatus(int ActiveVersion, ReindexStatus? Reindex);

/// <summary>What the queue page shows of a re-index, to platform admins only.</summary>
public sealed class ReindexProgress(IDbContextFactory<PortalDbContext> contextFactory)
{
    /// <summary>The re-index under way, or null when none runs (or the actor may not see the queue).</summary>
    public async Task<ReindexStatus?> CurrentAsync(Actor actor, CancellationToken cancellationToken = default) =>
        (await StatusAsync(actor, cancellationToken))?.Reindex;

    /// <summary>
    /// The version searches use and any re-index under way; null when the actor may not see the queue. The version is
    /// shown even with no re-index, so an admin sees a finished one took effect rather than a banner that vanished.
    /// </summary>
    public async Task<PipelineStatus?> StatusAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        if (AdminGuard.Refusal(actor, "see the queue") is not null)
            return null;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var state = await db.FacePipelineStates.AsNoTracking().FirstOrDefaultAsync(s => s.Id == FacePipelineState.SingletonId, cancellationToken);
        if (state is null)
            return null;
        var reindex = state.TargetVersion is { } target
            ? new ReindexStatus(state.ActiveVersion, target, state.PhotosDone, Math.Max(state.PhotosDone, state.PhotosTotal))
            : null;
        return new PipelineStatus(state.ActiveVersion, reindex);
    }
}
