using Microsoft.EntityFrameworkCore;
using Portal.Domain.Identity;
using Portal.Domain.Organisations;
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

    /// <summary>Whether the user holds the role now, read from the database (a page opened before a change keeps running).</summary>
    public async Task<bool> HoldsRoleAsync(string userId, string role, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await (from userRole in db.UserRoles
                      join stored in db.Roles on userRole.RoleId equals stored.Id
                      where userRole.UserId == userId && stored.Name == role
                      select userRole).AnyAsync(cancellationToken);
    }

    /// <summary>
    /// The service side of the staff pages' policy (the PartnerStaff role, in an organisation approved now), for changes those
    /// pages offer: deleting a gallery, a photo or a case, closing a case. Null membership: not a member of any organisation.
    /// </summary>
    public async Task<StaffStanding> StaffAsync(string userId, CancellationToken cancellationToken = default)
    {
        if (await FindAsync(userId, cancellationToken) is not { } membership)
            return new StaffStanding(null, null);
        if (membership.Status != OrganisationStatus.Approved)
            return new StaffStanding(membership, new StaffRefusal($"organisation {OrganisationLifecycle.Label(membership.Status).ToLowerInvariant()}",
                $"Your organisation is {OrganisationLifecycle.Label(membership.Status).ToLowerInvariant()}, not approved: its galleries and cases cannot be deleted or closed until it is approved again."));
        return await HoldsRoleAsync(userId, Roles.PartnerStaff, cancellationToken)
            ? new StaffStanding(membership, null)
            : new StaffStanding(membership, new StaffRefusal("not partner staff",
                "Only your organisation's partner staff can delete galleries, photos and cases or close cases."));
    }

    public async Task<bool> HasTwoFactorAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Users.AnyAsync(u => u.Id == userId && u.TwoFactorEnabled, cancellationToken);
    }
}
