using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Identity;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Identity;

namespace Portal.Infrastructure.Users;

/// <summary>
/// The platform admin role inside an account change (<see cref="UserAdministration"/>), always within the change's
/// write transaction so the count of admins cannot move before it commits. Adding the role where two or more admins
/// exist only asks for it: a vetted admin other than the asker confirms on /admin/users (<see cref="AdminGrants"/>).
/// Where the asker is vetted and no other vetted admin exists (a new installation) nobody could confirm, so it takes
/// effect at once, recorded and audited as such; an asker made in the portal always waits for a vetted confirmer. Either
/// way the grantee is an admin made in the portal, never the second person of a two-admin step
/// (<see cref="AdminStanding.Vetted"/>, docs/adr-0012). Removing the role is immediate, except for the last admin, the
/// last vetted admin, and a vetted admin's role removed by an admin made in the portal.
/// </summary>
public sealed class AdminGrantRequests(AuditLog auditLog, TimeProvider timeProvider)
{
    /// <summary>Asks for the role for <paramref name="user"/>; the caller's transaction is open. Refused when the asker lost the role.</summary>
    internal async Task<Outcome<AdminGrantEffect>> RequestWithinAsync(IdentitySession session, Actor actor, ApplicationUser user,
        CancellationToken cancellationToken)
    {
        var db = session.Db;
        var admins = await PlatformAdmins.StandingsAsync(db, cancellationToken);
        if (!admins.Of(actor.UserId).HoldsRole)
            return Outcome<AdminGrantEffect>.Forbidden(SecondAdminRule.NoLongerAdmin);
        var now = timeProvider.GetUtcNow();
        var waiting = await db.AdminGrants.Where(g => g.UserId == user.Id && g.State == AdminGrantState.Pending).ToListAsync(cancellationToken);
        if (waiting.Any(g => !g.IsExpiredAt(now)))
            return Outcome<AdminGrantEffect>.Ok(AdminGrantEffect.Waiting);
        foreach (var expired in waiting)
        {
            // Closed now that it is replaced, by the system: no admin ended it.
            expired.State = AdminGrantState.Expired;
            await auditLog.AppendWithinAsync(db, "system", AuditActions.AdminGrantExpired, $"user:{user.Id}",
                $"admin-grant:{expired.Id} not confirmed within {AdminGrant.Lifetime.TotalDays:0} days", null, cancellationToken);
            // Saved one by one: each entry reads the chain's head from the database.
            await db.SaveChangesAsync(cancellationToken);
        }
        var grant = new AdminGrant { UserId = user.Id, RequestedBy = actor.UserId, RequestedAt = now };
        db.AdminGrants.Add(grant);
        // At once only where nobody could confirm AND the asker counts as a person: otherwise an admin made in the portal
        // who removed (or outlived) every vetted admin could make admins alone.
        if (!admins.Of(actor.UserId).Vetted || admins.VettedOtherThan(actor.UserId))
        {
            grant.State = AdminGrantState.Pending;
            await auditLog.AppendWithinAsync(db, actor.Name, AuditActions.AdminGrantRequested, $"user:{user.Id}",
                $"admin-grant:{grant.Id} waits for a vetted platform admin other than the asker", null, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return Outcome<AdminGrantEffect>.Ok(AdminGrantEffect.Waiting);
        }
        grant.State = AdminGrantState.Granted;
        grant.GrantedAt = now;
        if (await session.Users.AddToRoleAsync(user, Roles.PlatformAdmin) is { Succeeded: false } added)
            return Outcome<AdminGrantEffect>.Invalid(string.Join(" ", added.Errors.Select(e => e.Description)));
        await auditLog.AppendWithinAsync(db, actor.Name, AuditActions.AdminGrantedAtOnce, $"user:{user.Id}",
            $"admin-grant:{grant.Id} took effect at once: no other vetted platform admin existed to confirm it", null, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<AdminGrantEffect>.Ok(AdminGrantEffect.AtOnce);
    }

    /// <summary>Why the last vetted admin keeps the role (ids only: the message is audited).</summary>
    public const string LastVettedAdmin = "This account is the last vetted platform admin (the first admin or one the server's operator added), " +
        "so the role stays: without one, nobody could confirm threshold changes or grants of the role. The operator adds another with 'admin grant' first.";

    /// <summary>Why an admin made in the portal cannot remove a vetted admin.</summary>
    public const string NotVettedToRemoveVetted = "This account is a vetted platform admin (the first admin or one the server's operator added), " +
        "and you were made a platform admin in the portal, so you cannot remove its role: another vetted admin can.";

    /// <summary>
    /// Before the role is removed, counted inside the transaction (so two admins removing each other at once cannot both
    /// succeed): refused for the last admin, for the last vetted admin, and for a vetted admin when the remover is not
    /// vetted, or an admin made in the portal could remove every vetted admin and then grant the role alone. Otherwise the
    /// grant in force is marked revoked.
    /// </summary>
    internal async Task<Outcome> RevokeWithinAsync(IdentitySession session, Actor actor, ApplicationUser user, CancellationToken cancellationToken)
    {
        var db = session.Db;
        var admins = await PlatformAdmins.StandingsAsync(db, cancellationToken);
        if (admins.HolderIds.Count() <= 1)
            return Outcome.Forbidden("This account is the only platform admin left, so the role stays: make someone else a platform admin first.");
        if (admins.Of(user.Id).Vetted && !admins.VettedOtherThan(user.Id))
            return Outcome.Forbidden(LastVettedAdmin);
        if (admins.Of(user.Id).Vetted && !admins.Of(actor.UserId).Vetted)
            return Outcome.Forbidden(NotVettedToRemoveVetted);
        if (await PlatformAdmins.GrantInForceAsync(db, user.Id, cancellationToken) is { } grant)
        {
            grant.RevokedBy = actor.UserId;
            grant.RevokedAt = timeProvider.GetUtcNow();
        }
        return Outcome.Ok;
    }
}
