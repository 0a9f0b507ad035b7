using Microsoft.EntityFrameworkCore;
using Portal.Domain.Identity;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Users;

/// <summary>
/// Who holds the platform admin role now, read through the caller's context: inside a write transaction (ADR 0008) the
/// answer cannot change before the caller commits. A signed-in session's roles are minutes old at worst and are never
/// enough for a decision that needs two independent admins.
/// </summary>
internal static class PlatformAdmins
{
    public static IQueryable<string> HolderIds(PortalDbContext db) =>
        from userRole in db.UserRoles
        join role in db.Roles on userRole.RoleId equals role.Id
        where role.Name == Roles.PlatformAdmin
        select userRole.UserId;

    public static Task<int> CountAsync(PortalDbContext db, CancellationToken cancellationToken) =>
        HolderIds(db).CountAsync(cancellationToken);

    public static Task<bool> HoldsRoleAsync(PortalDbContext db, string userId, CancellationToken cancellationToken) =>
        HolderIds(db).AnyAsync(id => id == userId, cancellationToken);

    /// <summary>The grant in force for <paramref name="userId"/>, if one was recorded.</summary>
    public static async Task<AdminGrant?> GrantInForceAsync(PortalDbContext db, string userId, CancellationToken cancellationToken)
    {
        // Read whole and ordered in memory: a person has a handful of grants, and SQLite cannot order instants in SQL.
        var grants = await db.AdminGrants.Where(g => g.UserId == userId && g.State == AdminGrantState.Granted && g.RevokedAt == null)
            .ToListAsync(cancellationToken);
        return grants.OrderByDescending(g => g.GrantedAt).FirstOrDefault();
    }

    /// <summary>The role now and, when held, who granted it and when; no recorded grant means seeded, at the dawn of time.</summary>
    public static async Task<AdminStanding> StandingAsync(PortalDbContext db, string userId, CancellationToken cancellationToken)
    {
        if (!await HoldsRoleAsync(db, userId, cancellationToken))
            return AdminStanding.None;
        return await GrantInForceAsync(db, userId, cancellationToken) is { } grant ? AdminStanding.Of(grant) : AdminStanding.Seeded;
    }
}
