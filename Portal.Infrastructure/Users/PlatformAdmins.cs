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
    public static async Task<AdminGrant?> GrantInForceAsync(PortalDbContext db, string userId, CancellationToken cancellationToken) =>
        Latest(await InForce(db).Where(g => g.UserId == userId).ToListAsync(cancellationToken));

    /// <summary>
    /// The role now and, when held, since when and whether vetted: a row in force of the first admin or by the operator
    /// means vetted; any other row, or none, means not (<see cref="AdminStanding.Of"/>).
    /// </summary>
    public static async Task<AdminStanding> StandingAsync(PortalDbContext db, string userId, CancellationToken cancellationToken) =>
        await HoldsRoleAsync(db, userId, cancellationToken)
            ? AdminStanding.Of(await GrantInForceAsync(db, userId, cancellationToken))
            : AdminStanding.None;

    /// <summary>Every holder's standing, in two queries whatever the number of admins: for pages listing many steps and for counts.</summary>
    public static async Task<AdminStandings> StandingsAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        var holders = await HolderIds(db).Distinct().ToListAsync(cancellationToken);
        var grants = await InForce(db).Where(g => HolderIds(db).Contains(g.UserId)).ToListAsync(cancellationToken);
        var inForce = grants.GroupBy(g => g.UserId).ToDictionary(g => g.Key, Latest);
        return new AdminStandings(holders.ToDictionary(id => id, id => AdminStanding.Of(inForce.GetValueOrDefault(id))));
    }

    /// <summary>The admin who started a two-admin step and the one confirming it, as the database has them now.</summary>
    public static async Task<AdminPair> PairAsync(PortalDbContext db, string firstId, string secondId, CancellationToken cancellationToken) =>
        new(firstId, await StandingAsync(db, firstId, cancellationToken), secondId, await StandingAsync(db, secondId, cancellationToken));

    /// <summary>Whether a vetted admin other than <paramref name="userId"/> holds the role: if not, nobody could confirm what they start.</summary>
    public static async Task<bool> OtherVettedExistsAsync(PortalDbContext db, string userId, CancellationToken cancellationToken) =>
        (await StandingsAsync(db, cancellationToken)).VettedOtherThan(userId);

    /// <summary>
    /// Why <paramref name="viewerId"/> cannot confirm what <paramref name="firstId"/> started (null when they can), and
    /// whether any admin at all could: a page shows a Confirm button only where it would work, and says so when nobody can.
    /// </summary>
    public static ConfirmerOutlook Outlook(AdminStandings standings, string firstId, DateTimeOffset startedAt, string viewerId, string what)
    {
        var first = standings.Of(firstId);
        string? RefusalFor(string id) =>
            id == firstId ? "You asked for this, so another platform admin confirms it."
                : SecondAdminRule.Refusal(new AdminPair(firstId, first, id, standings.Of(id)), startedAt, what);
        var viewerRefusal = RefusalFor(viewerId);
        if (viewerRefusal is null)
            return new ConfirmerOutlook(null, AnyoneCan: true);
        return new ConfirmerOutlook(viewerRefusal, AnyoneCan: standings.HolderIds.Any(id => id != viewerId && RefusalFor(id) is null));
    }

    private static IQueryable<AdminGrant> InForce(PortalDbContext db) =>
        db.AdminGrants.Where(g => g.State == AdminGrantState.Granted && g.RevokedAt == null);

    // Ordered in memory: a person has a handful of grants, and SQLite cannot order instants in SQL.
    private static AdminGrant? Latest(IEnumerable<AdminGrant> grants) => grants.OrderByDescending(g => g.GrantedAt).FirstOrDefault();
}

/// <summary>Every platform admin's standing at one moment, read once (<see cref="PlatformAdmins.StandingsAsync"/>).</summary>
internal sealed class AdminStandings(IReadOnlyDictionary<string, AdminStanding> byHolder)
{
    public IEnumerable<string> HolderIds => byHolder.Keys;

    /// <summary>The account's standing; <see cref="AdminStanding.None"/> when it does not hold the role.</summary>
    public AdminStanding Of(string userId) => byHolder.GetValueOrDefault(userId, AdminStanding.None);

    public bool VettedOtherThan(string userId) => byHolder.Any(h => h.Key != userId && h.Value.Vetted);
}

/// <summary>Whether the viewer (null refusal) or anyone could confirm a two-admin step now.</summary>
public sealed record ConfirmerOutlook(string? ViewerRefusal, bool AnyoneCan);
