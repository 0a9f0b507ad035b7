using Microsoft.EntityFrameworkCore;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Organisations;

/// <summary>
/// Reads a user's organisation fresh from the database. Authorization uses this instead of the cookie,
/// so a suspension takes effect on the next request, not only after the cookie is renewed.
/// </summary>
public sealed class MembershipLookup(IDbContextFactory<PortalDbContext> contextFactory)
{
    public async Task<Membership?> FindAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await (from user in db.Users
                      join organisation in db.Organisations on user.OrganisationId equals organisation.Id
                      where user.Id == userId
                      select new Membership(user.Id, organisation.Id, organisation.Name, organisation.Sector, organisation.Status, user.IsOrganisationAdmin))
            .AsNoTracking()
            .FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<bool> HasTwoFactorAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Users.AnyAsync(u => u.Id == userId && u.TwoFactorEnabled, cancellationToken);
    }
}
