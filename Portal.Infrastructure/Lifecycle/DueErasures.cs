using Microsoft.EntityFrameworkCore;
using Portal.Domain.Lifecycle;
using Portal.Domain.Retention;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Lifecycle;

/// <summary>
/// What the schedule says must go now in one organisation: closed cases past their probe-photo period, open cases past the
/// inactivity maximum, trash past its grace, gallery photos past their period. Purged data is never listed again.
/// </summary>
internal static class DueErasures
{
    public static async Task<List<DueErasure>> ListAsync(PortalDbContext db, Guid organisationId, RetentionPeriods periods,
        IReadOnlyDictionary<Guid, DateTimeOffset> lastInteraction, TimeSpan trashGrace, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = new List<DueErasure>();
        var cases = await db.Cases.AsNoTracking().Where(c => c.OrganisationId == organisationId && c.PurgedAt == null)
            .Select(c => new { c.Id, c.ClosedAt, c.TrashedAt, c.RetentionDays }).ToListAsync(cancellationToken);
        foreach (var c in cases)
        {
            var (cause, reference) = c switch
            {
                { TrashedAt: { } trashed } when now >= trashed + trashGrace => (ErasureCause.Trash, "trash"),
                { ClosedAt: { } closed } when now >= periods.DueAt(DataKind.ProbePhotos, closed, c.RetentionDays) => (ErasureCause.Schedule, nameof(DataKind.ProbePhotos)),
                { ClosedAt: null } when lastInteraction.TryGetValue(c.Id, out var last) && now >= periods.DueAt(DataKind.OpenCaseInactivity, last)
                    => (ErasureCause.Schedule, nameof(DataKind.OpenCaseInactivity)),
                _ => ((ErasureCause?)null, ""),
            };
            if (cause is { } found)
                due.Add(new DueErasure(ErasureScope.Case, c.Id, found, reference, HoldScope.Case, c.Id));
        }

        var galleries = await db.Galleries.AsNoTracking().Where(g => g.OrganisationId == organisationId)
            .Select(g => new { g.Id, g.TrashedAt, g.RetentionDays }).ToListAsync(cancellationToken);
        foreach (var gallery in galleries)
        {
            if (gallery.TrashedAt is { } trashed && now >= trashed + trashGrace)
            {
                due.Add(new DueErasure(ErasureScope.Gallery, gallery.Id, ErasureCause.Trash, "trash", HoldScope.Gallery, gallery.Id));
                continue; // its photos go with it
            }
            var trashCutoff = now - trashGrace;
            var photos = db.GalleryImages.AsNoTracking().Where(i => i.GalleryId == gallery.Id);
            foreach (var photo in await photos.Where(i => i.TrashedAt != null && i.TrashedAt <= trashCutoff).Select(i => i.Id).ToListAsync(cancellationToken))
                due.Add(new DueErasure(ErasureScope.Photo, photo, ErasureCause.Trash, "trash", HoldScope.Gallery, gallery.Id));
            if (periods.DueAt(DataKind.GalleryPhotos, now, gallery.RetentionDays) is not { } span)
                continue;
            var uploadedBy = now - (span - now); // the latest upload instant already due
            foreach (var photo in await photos.Where(i => i.UploadedAt <= uploadedBy && (i.TrashedAt == null || i.TrashedAt > trashCutoff))
                         .Select(i => i.Id).ToListAsync(cancellationToken))
                due.Add(new DueErasure(ErasureScope.Photo, photo, ErasureCause.Schedule, nameof(DataKind.GalleryPhotos), HoldScope.Gallery, gallery.Id));
        }
        return due;
    }
}
