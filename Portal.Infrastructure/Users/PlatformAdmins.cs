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

    /// <summary>The role now and, when held, since when; no recorded grant means seeded, at the dawn of time.</summary>
    public static async Task<AdminStanding> StandingAsync(PortalDbContext db, string userId, CancellationToken cancellationToken)
    {
        if (!await HoldsRoleAsync(db, userId, cancellationToken))
            return AdminStanding.None;
        return await GrantInForceAsync(db, userId, cancellationToken) is { } grant ? new AdminStanding(true, grant.GrantedAt) : AdminStanding.Seeded;
    }

    /// <summary>Every grant that ever took effect, read whole: a platform has a handful of admins, and the links run across all of them.</summary>
    public static async Task<AdminLineage> LineageAsync(PortalDbContext db, CancellationToken cancellationToken) =>
        AdminLineage.Of(await db.AdminGrants.AsNoTracking().Where(g => g.State == AdminGrantState.Granted).ToListAsync(cancellationToken));

    /// <summary>The admin who started a two-admin step and the one confirming it, as the database has them now.</summary>
    public static async Task<AdminPair> PairAsync(PortalDbContext db, string firstId, string secondId, CancellationToken cancellationToken) =>
        new(firstId, await HoldsRoleAsync(db, firstId, cancellationToken), secondId,
            await StandingAsync(db, secondId, cancellationToken), await LineageAsync(db, cancellationToken));

    /// <summary>
    /// Why <paramref name="viewerId"/> cannot confirm what <paramref name="firstId"/> started (null when they can), and
    /// whether any admin at all could: a page shows a Confirm button only where it would work, and says so when nobody can.
    /// </summary>
    public static async Task<ConfirmerOutlook> OutlookAsync(PortalDbContext db, string firstId, DateTimeOffset startedAt, string viewerId,
        string what, CancellationToken cancellationToken)
    {
        var lineage = await LineageAsync(db, cancellationToken);
        var firstHolds = await HoldsRoleAsync(db, firstId, cancellationToken);
        string? RefusalFor(string id, AdminStanding standing) =>
            id == firstId ? "You asked for this, so another platform admin confirms it."
                : SecondAdminRule.Refusal(new AdminPair(firstId, firstHolds, id, standing, lineage), startedAt, what);
        var viewerRefusal = RefusalFor(viewerId, await StandingAsync(db, viewerId, cancellationToken));
        if (viewerRefusal is null)
            return new ConfirmerOutlook(null, AnyoneCan: true);
        foreach (var id in await HolderIds(db).ToListAsync(cancellationToken))
        {
            if (id != viewerId && RefusalFor(id, await StandingAsync(db, id, cancellationToken)) is null)
                return new ConfirmerOutlook(viewerRefusal, AnyoneCan: true);
        }
        return new ConfirmerOutlook(viewerRefusal, AnyoneCan: false);
    }
}

/// <summary>Whether the viewer (null refusal) or anyone could confirm a two-admin step now.</summary>
public sealed record ConfirmerOutlook(string? ViewerRefusal, bool AnyoneCan);
