using Microsoft.EntityFrameworkCore;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Galleries;

/// <summary>
/// Which galleries an organisation may use: its own, and those an admin shared with it (read-only). Every
/// gallery query goes through here, so another organisation's gallery is simply not found.
/// </summary>
public sealed class GalleryAccess(IDbContextFactory<PortalDbContext> contextFactory)
{
    /// <summary>The requested galleries the organisation may search now.</summary>
    public async Task<IReadOnlySet<Guid>> SearchableAsync(Guid organisationId, IReadOnlyCollection<Guid> requested, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var own = await db.Galleries.Where(g => requested.Contains(g.Id) && g.OrganisationId == organisationId).Select(g => g.Id).ToListAsync(cancellationToken);
        var shared = await db.GalleryShares.Where(s => requested.Contains(s.GalleryId) && s.OrganisationId == organisationId).Select(s => s.GalleryId).ToListAsync(cancellationToken);
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
