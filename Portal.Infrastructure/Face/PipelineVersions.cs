using Microsoft.EntityFrameworkCore;
using Portal.Domain.Faces;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Face;

/// <summary>The one place the face pipeline state row is read: which version searches use, and the re-index under way.</summary>
internal static class PipelineVersions
{
    /// <summary>The active version as the caller's transaction sees it; 1 (the version of every older row) if the row is missing.</summary>
    public static async Task<int> ActiveAsync(PortalDbContext db, CancellationToken cancellationToken) =>
        await db.FacePipelineStates.AsNoTracking().Where(s => s.Id == FacePipelineState.SingletonId)
            .Select(s => (int?)s.ActiveVersion).FirstOrDefaultAsync(cancellationToken) ?? 1;

    /// <summary>The row, tracked, for a change within the caller's write transaction; made if missing.</summary>
    public static async Task<FacePipelineState> TrackedAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        var state = await db.FacePipelineStates.FirstOrDefaultAsync(s => s.Id == FacePipelineState.SingletonId, cancellationToken);
        if (state is not null)
            return state;
        state = new FacePipelineState();
        db.FacePipelineStates.Add(state);
        return state;
    }

    /// <summary>The versions a new gallery photo's faces are stored with: the active one, and the re-index's target while one runs.</summary>
    public static async Task<IReadOnlyList<int>> ForNewFacesAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        var state = await db.FacePipelineStates.AsNoTracking().FirstOrDefaultAsync(s => s.Id == FacePipelineState.SingletonId, cancellationToken);
        if (state is null)
            return [1];
        return state.TargetVersion is { } target && target != state.ActiveVersion ? [state.ActiveVersion, target] : [state.ActiveVersion];
    }
}
