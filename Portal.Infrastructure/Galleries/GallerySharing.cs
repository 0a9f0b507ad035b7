using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Galleries;
using Portal.Domain.Organisations;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Common;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Galleries;

public sealed record GalleryForSharing(Guid Id, string Name, string Owner, int Images, IReadOnlyList<(Guid Id, string Name)> SharedWith);

/// <summary>Platform admins share a gallery read-only with other approved organisations. They see no photos here.</summary>
public sealed class GallerySharing(IDbContextFactory<PortalDbContext> contextFactory, AuditLog auditLog, TimeProvider timeProvider,
    Notifier<GalleriesChanged> galleryChanges)
{
    /// <summary>Every organisation's galleries and shares, for a platform admin; anyone else is refused.</summary>
    public async Task<Outcome<IReadOnlyList<GalleryForSharing>>> ListAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        if (AdminGuard.Refusal(actor, "share galleries") is { } refusal)
            return Outcome<IReadOnlyList<GalleryForSharing>>.Forbidden(refusal);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var names = await db.Organisations.ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
        var shares = await db.GalleryShares.AsNoTracking().ToListAsync(cancellationToken);
        var galleries = await db.Galleries.AsNoTracking().Where(g => g.TrashedAt == null)
            .Select(g => new { g.Id, g.Name, g.OrganisationId, Images = db.GalleryImages.Count(i => i.GalleryId == g.Id) }).ToListAsync(cancellationToken);
        return Outcome<IReadOnlyList<GalleryForSharing>>.Ok(galleries.OrderBy(g => names[g.OrganisationId]).ThenBy(g => g.Name)
            .Select(g => new GalleryForSharing(g.Id, g.Name, names[g.OrganisationId], g.Images,
                shares.Where(s => s.GalleryId == g.Id).Select(s => (s.OrganisationId, names[s.OrganisationId])).ToList()))
            .ToList());
    }

    public async Task<Outcome> ShareAsync(Actor actor, Guid galleryId, Guid organisationId, CancellationToken cancellationToken = default)
    {
        if (AdminGuard.Refusal(actor, "share galleries") is { } refusal)
            return Outcome.Forbidden(refusal);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        // Under the write lock: an organisation suspended at this moment is not shared with after it.
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var gallery = await db.Galleries.FirstOrDefaultAsync(g => g.Id == galleryId, cancellationToken);
        var organisation = await db.Organisations.FirstOrDefaultAsync(o => o.Id == organisationId, cancellationToken);
        if (gallery is null || organisation is null)
            return Outcome.NotFound();
        if (organisation.Status != OrganisationStatus.Approved)
            return Outcome.Invalid("Galleries are shared only with approved organisations.");
        if (gallery.OrganisationId == organisationId || await db.GalleryShares.AnyAsync(s => s.GalleryId == galleryId && s.OrganisationId == organisationId, cancellationToken))
            return Outcome.Conflict($"{organisation.Name} can already search this gallery.");
        db.GalleryShares.Add(new GalleryShare { GalleryId = galleryId, OrganisationId = organisationId, SharedBy = actor.Name, SharedAt = timeProvider.GetUtcNow() });
        await auditLog.SaveWithEntryAsync(db, actor.Name, AuditActions.GalleryShared, $"gallery:{galleryId}",
            $"\"{gallery.Name}\" shared read-only with {organisation.Name}", gallery.OrganisationId, cancellationToken);
        await galleryChanges.PublishAsync(new GalleriesChanged(galleryId));
        return Outcome.Ok;
    }

    public async Task<Outcome> UnshareAsync(Actor actor, Guid galleryId, Guid organisationId, CancellationToken cancellationToken = default)
    {
        if (AdminGuard.Refusal(actor, "share galleries") is { } refusal)
            return Outcome.Forbidden(refusal);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var removed = await db.GalleryShares.Where(s => s.GalleryId == galleryId && s.OrganisationId == organisationId).ExecuteDeleteAsync(cancellationToken);
        if (removed == 0)
            return Outcome.NotFound();
        await auditLog.AppendWithinAsync(db, actor.Name, AuditActions.GalleryUnshared, $"gallery:{galleryId}", $"sharing with organisation {organisationId} ended", null, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await galleryChanges.PublishAsync(new GalleriesChanged(galleryId));
        return Outcome.Ok;
    }
}
