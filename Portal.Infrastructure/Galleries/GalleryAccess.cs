using Microsoft.EntityFrameworkCore;
using Portal.Domain.Organisations;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Galleries;

/// <summary>
/// Which galleries an organisation may use: its own, and those an admin shared with it (read-only) while their owner
/// is approved, and never one in the trash. Every
/// gallery query goes through here, so another organisation's gallery is simply not found.
/// </summary>
public sealed class GalleryAccess(IDbContextFactory<PortalDbContext> contextFactory)
{
    /// <summary>The requested galleries the organisation may search now.</summary>
    public async Task<IReadOnlySet<Guid>> SearchableAsync(Guid organisationId, IReadOnlyCollection<Guid> requested, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return (await Searchable(db, organisationId, requested).ToListAsync(cancellationToken)).ToHashSet();
    }

    /// <summary>
    /// The requested galleries the organisation may search now, as a query on the caller's context (so a writer can
    /// check again inside its transaction): its own, and those shared with it that are not <see cref="Withheld"/>.
    /// </summary>
    public static IQueryable<Guid> Searchable(PortalDbContext db, Guid organisationId, IReadOnlyCollection<Guid> requested)
    {
        var withheld = Withheld(db, organisationId);
        return from gallery in db.Galleries
               where requested.Contains(gallery.Id) && gallery.TrashedAt == null
                     && (gallery.OrganisationId == organisationId
                         || (db.GalleryShares.Any(s => s.GalleryId == gallery.Id && s.OrganisationId == organisationId) && !withheld.Contains(gallery.Id)))
               select gallery.Id;
    }

    /// <summary>
    /// The galleries withheld from <paramref name="organisationId"/> now: those of another organisation that is not approved
    /// (suspended, say). Its owner may not use such a gallery, so neither may anyone it was lent to, nor see what it
    /// matched. A query, so it runs on the caller's context, inside the caller's transaction when there is one.
    /// </summary>
    public static IQueryable<Guid> Withheld(PortalDbContext db, Guid organisationId) =>
        from gallery in db.Galleries
        where gallery.OrganisationId != organisationId
        join owner in db.Organisations on gallery.OrganisationId equals owner.Id
        where owner.Status != OrganisationStatus.Approved
        select gallery.Id;

    public async Task<bool> CanReadAsync(Guid organisationId, Guid galleryId, CancellationToken cancellationToken = default) =>
        (await SearchableAsync(organisationId, [galleryId], cancellationToken)).Count == 1;

    public async Task<bool> OwnsAsync(Guid organisationId, Guid galleryId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Galleries.AnyAsync(g => g.Id == galleryId && g.OrganisationId == organisationId && g.TrashedAt == null, cancellationToken);
    }
}
