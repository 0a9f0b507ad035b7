using Microsoft.EntityFrameworkCore;
using Portal.Domain.Organisations;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Galleries;

/// <summary>
/// Which galleries an organisation may use: its own, and those an admin shared with it (read-only) while their owner
/// is approved. Every
/// gallery query goes through here, so another organisation's gallery is simply not found.
/// </summary>
public sealed class GalleryAccess(IDbContextFactory<PortalDbContext> contextFactory)
{
    /// <summary>The requested galleries the organisation may search now.</summary>
    public async Task<IReadOnlySet<Guid>> SearchableAsync(Guid organisationId, IReadOnlyCollection<Guid> requested, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var own = await db.Galleries.Where(g => requested.Contains(g.Id) && g.OrganisationId == organisationId).Select(g => g.Id).ToListAsync(cancellationToken);
        // A gallery shared by an organisation that is suspended (or otherwise not approved) is withheld from the
        // others while it stands so: its owner may not use it, so neither may anyone it was lent to.
        var shared = await (from share in db.GalleryShares
                            where requested.Contains(share.GalleryId) && share.OrganisationId == organisationId
                            join gallery in db.Galleries on share.GalleryId equals gallery.Id
                            join owner in db.Organisations on gallery.OrganisationId equals owner.Id
                            where owner.Status == OrganisationStatus.Approved
                            select share.GalleryId).ToListAsync(cancellationToken);
        return own.Concat(shared).ToHashSet();
    }

    public async Task<bool> CanReadAsync(Guid organisationId, Guid galleryId, CancellationToken cancellationToken = default) =>
        (await SearchableAsync(organisationId, [galleryId], cancellationToken)).Count == 1;

    public async Task<bool> OwnsAsync(Guid organisationId, Guid galleryId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Galleries.AnyAsync(g => g.Id == galleryId && g.OrganisationId == organisationId, cancellationToken);
    }
}
