using Microsoft.EntityFrameworkCore;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Lifecycle;

/// <summary>An item as the trash reads it: what it is, what it holds, and whether (and by whom) it was moved there.</summary>
internal sealed record TrashRow(TrashKind Kind, Guid Id, string What, int Photos, int Faces, DateTimeOffset? TrashedAt, string TrashedBy,
    bool Purged, Guid? GalleryId);

/// <summary>The queries and updates behind <see cref="Trash"/>, one per kind, on the caller's context (inside its transaction).</summary>
internal static class TrashItems
{
    public static string Target(TrashKind kind) => kind switch
    {
        TrashKind.Gallery => "gallery",
        TrashKind.Photo => "image",
        _ => "case",
    };

    /// <summary>The organisation's item of that kind, trashed or not; null when it has none such (or it was purged away).</summary>
    public static async Task<TrashRow?> FindAsync(PortalDbContext db, Guid organisationId, TrashKind kind, Guid id, CancellationToken cancellationToken) =>
        (await Rows(db, organisationId, kind, id, trashedOnly: false).ToListAsync(cancellationToken)).SingleOrDefault();

    public static async Task<List<TrashRow>> ListAsync(PortalDbContext db, Guid organisationId, CancellationToken cancellationToken)
    {
        var all = new List<TrashRow>();
        foreach (var kind in Enum.GetValues<TrashKind>())
            all.AddRange(await Rows(db, organisationId, kind, null, trashedOnly: true).ToListAsync(cancellationToken));
        return all;
    }

    /// <summary>Moves the item into the trash (<paramref name="at"/> set) or out of it (null).</summary>
    public static Task MarkAsync(PortalDbContext db, TrashKind kind, Guid id, DateTimeOffset? at, string? by, CancellationToken cancellationToken) => kind switch
    {
        TrashKind.Gallery => db.Galleries.Where(g => g.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(g => g.TrashedAt, at).SetProperty(g => g.TrashedBy, by), cancellationToken),
        TrashKind.Photo => db.GalleryImages.Where(i => i.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.TrashedAt, at).SetProperty(i => i.TrashedBy, by), cancellationToken),
        _ => db.Cases.Where(c => c.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.TrashedAt, at).SetProperty(c => c.TrashedBy, by), cancellationToken),
    };

    /// <summary>
    /// Makes a logged move again, after a restore: into the trash with its original time and actor, or out of it. The same
    /// state however often it runs; an item erased since, or of another organisation, is not found and nothing changes.
    /// A restore out of the trash undoes only the move it undid (the same time): moves are logged after their commit, so a
    /// new move made just after a restore may be logged before it, and must not be undone by it.
    /// </summary>
    public static async Task ReplayAsync(PortalDbContext db, TrashChange change, CancellationToken cancellationToken)
    {
        if (!Portal.Domain.Common.DefinedValues.IsDefined(change.Kind) || await FindAsync(db, change.OrganisationId, change.Kind, change.Id, cancellationToken) is not { } item)
            return;
        // Within a millisecond: PostgreSQL keeps microseconds, the log the full time.
        if (change.Restored && change.TrashedAt is { } undone && (item.TrashedAt is not { } current || (current - undone).Duration() >= TimeSpan.FromMilliseconds(1)))
            return;
        await MarkAsync(db, change.Kind, change.Id, change.Restored ? null : change.TrashedAt, change.Restored ? null : change.TrashedBy, cancellationToken);
    }

    // Filtered before the projection (EF cannot filter on a record it constructs). A gallery counts the photos still in it (one
    // trashed on its own is counted on its own); a case counts its probe photos and their faces.
    private static IQueryable<TrashRow> Rows(PortalDbContext db, Guid organisationId, TrashKind kind, Guid? id, bool trashedOnly) => kind switch
    {
        TrashKind.Gallery => db.Galleries.Where(g => g.OrganisationId == organisationId && (id == null || g.Id == id) && (!trashedOnly || g.TrashedAt != null))
            .Select(g => new TrashRow(TrashKind.Gallery, g.Id, g.Name,
            db.GalleryImages.Count(i => i.GalleryId == g.Id && i.TrashedAt == null),
            db.GalleryImages.Where(i => i.GalleryId == g.Id && i.TrashedAt == null).Sum(i => (int?)i.IndexedFaces) ?? 0,
            g.TrashedAt, g.TrashedBy ?? "", false, g.Id)),
        TrashKind.Photo => db.GalleryImages.Where(i => i.OrganisationId == organisationId && (id == null || i.Id == id) && (!trashedOnly || i.TrashedAt != null))
            .Select(i => new TrashRow(TrashKind.Photo, i.Id, i.DisplayName,
            1, i.IndexedFaces, i.TrashedAt, i.TrashedBy ?? "", false, i.GalleryId)),
        _ => db.Cases.Where(c => c.OrganisationId == organisationId && (id == null || c.Id == id) && (!trashedOnly || (c.TrashedAt != null && c.PurgedAt == null)))
            .Select(c => new TrashRow(TrashKind.Case, c.Id, c.Reference,
            db.Probes.Count(p => p.CaseId == c.Id),
            db.ProbeFaces.Count(f => db.Probes.Any(p => p.Id == f.ProbeId && p.CaseId == c.Id)),
            c.TrashedAt, c.TrashedBy ?? "", c.PurgedAt != null, null)),
    };
}
