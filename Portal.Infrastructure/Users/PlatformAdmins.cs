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

    /// <summary>
    /// The role now and, when held, since when and whether vetted: no grant row in force means the first admin (seeded,
    /// at the dawn of time); a row by the operator means vetted; any other row means made in the portal.
    /// </summary>
    public static async Task<AdminStanding> StandingAsync(PortalDbContext db, string userId, CancellationToken cancellationToken)
    {
        if (!await HoldsRoleAsync(db, userId, cancellationToken))
            return AdminStanding.None;
        return await GrantInForceAsync(db, userId, cancellationToken) is { } grant
            ? new AdminStanding(true, grant.GrantedAt, Vetted: grant.RequestedBy == AdminGrant.ByOperator)
            : AdminStanding.Seeded;
    }

    /// <summary>The admin who started a two-admin step and the one confirming it, as the database has them now.</summary>
    public static async Task<AdminPair> PairAsync(PortalDbContext db, string firstId, string secondId, CancellationToken cancellationToken) =>
        new(firstId, await StandingAsync(db, firstId, cancellationToken), secondId, await StandingAsync(db, secondId, cancellationToken));

    /// <summary>Whether a vetted admin other than <paramref name="userId"/> holds the role: if not, nobody could confirm what they start.</summary>
    public static async Task<bool> OtherVettedExistsAsync(PortalDbContext db, string userId, CancellationToken cancellationToken)
    {
        foreach (var id in await HolderIds(db).Where(id => id != userId).ToListAsync(cancellationToken))
        {
            if ((await StandingAsync(db, id, cancellationToken)).Vetted)
                return true;
        }
        return false;
    }

    /// <summary>
    /// Why <paramref name="viewerId"/> cannot confirm what <paramref name="firstId"/> started (null when they can), and
    /// whether any admin at all could: a page shows a Confirm button only where it would work, and says so when nobody can.
    /// </summary>
    public static async Task<ConfirmerOutlook> OutlookAsync(PortalDbContext db, string firstId, DateTimeOffset startedAt, string viewerId,
        string what, CancellationToken cancellationToken)
    {
        var first = await StandingAsync(db, firstId, cancellationToken);
        async Task<string?> RefusalForAsync(string id) =>
            id == firstId ? "You asked for this, so another platform admin confirms it."
                : SecondAdminRule.Refusal(new AdminPair(firstId, first, id, await StandingAsync(db, id, cancellationToken)), startedAt, what);
        var viewerRefusal = await RefusalForAsync(viewerId);
        if (viewerRefusal is null)
            return new ConfirmerOutlook(null, AnyoneCan: true);
        foreach (var id in await HolderIds(db).Where(id => id != viewerId).ToListAsync(cancellationToken))
        {
            if (await RefusalForAsync(id) is null)
                return new ConfirmerOutlook(viewerRefusal, AnyoneCan: true);
        }
        return new ConfirmerOutlook(viewerRefusal, AnyoneCan: false);
    }
}

/// <summary>Whether the viewer (null refusal) or anyone could confirm a two-admin step now.</summary>
public sealed record ConfirmerOutlook(string? ViewerRefusal, bool AnyoneCan);
