using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Identity;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Common;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Users;

/// <summary>
/// Grants of the platform admin role waiting for a second admin: list, confirm (a different admin, independent of the
/// asker by <see cref="SecondAdminRule"/>), cancel (any admin: withholding power is never blocked). Each step reads the
/// deciding admin's role from the database inside its write transaction (ADR 0008); refusals are audited, ids only.
/// </summary>
public sealed class AdminGrants(
    IdentitySessions identity,
    IDbContextFactory<PortalDbContext> contextFactory,
    AuditLog auditLog,
    TimeProvider timeProvider,
    Notifier<AdminGrantsChanged> changes,
    Notifier<SessionsEnded> sessionsEnded)
{
    /// <summary>Grants still waiting (expired ones are left out), each with whether the viewer, or anyone, could confirm it now.</summary>
    public async Task<Outcome<IReadOnlyList<PendingAdminGrant>>> PendingAsync(Actor admin, CancellationToken cancellationToken = default)
    {
        if (AdminGuard.Refusal(admin, "see grants of the admin role") is { } refusal)
            return Outcome<IReadOnlyList<PendingAdminGrant>>.Forbidden(refusal);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        // The grantees' e-mails are for admins: a session whose role was removed meanwhile sees none.
        if (!await PlatformAdmins.HoldsRoleAsync(db, admin.UserId, cancellationToken))
            return Outcome<IReadOnlyList<PendingAdminGrant>>.Forbidden(SecondAdminRule.NoLongerAdmin);
        var now = timeProvider.GetUtcNow();
        var pending = (await db.AdminGrants.AsNoTracking().Where(g => g.State == AdminGrantState.Pending).ToListAsync(cancellationToken))
            .Where(g => !g.IsExpiredAt(now)).OrderBy(g => g.RequestedAt).ToList();
        var ids = pending.SelectMany(g => new[] { g.UserId, g.RequestedBy }).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => (Email: u.Email ?? "", Name: string.IsNullOrWhiteSpace(u.DisplayName) ? u.Email ?? u.Id : u.DisplayName), cancellationToken);
        var standings = await PlatformAdmins.StandingsAsync(db, cancellationToken);
        var items = new List<PendingAdminGrant>();
        foreach (var g in pending)
        {
            var outlook = PlatformAdmins.Outlook(standings, g.RequestedBy, g.RequestedAt, admin.UserId, "this grant");
            items.Add(new PendingAdminGrant(g.Id, g.UserId, users.GetValueOrDefault(g.UserId).Email ?? "",
                users.GetValueOrDefault(g.UserId).Name ?? "an account no longer here", users.GetValueOrDefault(g.RequestedBy).Name ?? "an admin no longer here",
                g.RequestedAt, g.ExpiresAt, g.RequestedBy == admin.UserId, outlook.ViewerRefusal, !outlook.AnyoneCan));
        }
        return Outcome<IReadOnlyList<PendingAdminGrant>>.Ok(items);
    }

    public async Task<Outcome> ConfirmAsync(Actor admin, Guid grantId, CancellationToken cancellationToken = default)
    {
        if (AdminGuard.Refusal(admin, "confirm grants of the admin role") is { } refusal)
            return await RefuseAsync(admin, grantId, Outcome.Forbidden(refusal));
        await using var session = identity.Open();
        var db = session.Db;
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var grant = await db.AdminGrants.FirstOrDefaultAsync(g => g.Id == grantId, cancellationToken);
        if (grant is null)
            return await RefuseWithinAsync(transaction, admin, grantId, Outcome.NotFound("That grant does not exist."));
        var user = await session.Users.FindByIdAsync(grant.UserId);
        var admins = await PlatformAdmins.PairAsync(db, grant.RequestedBy, admin.UserId, cancellationToken);
        var problem = grant.IsExpiredAt(timeProvider.GetUtcNow()) ? Outcome.Conflict(Expired)
            : grant.State != AdminGrantState.Pending ? Outcome.Conflict("This grant has already been confirmed or cancelled.")
            : user is null ? Outcome.NotFound("That account no longer exists.")
            : !admins.Second.HoldsRole ? Outcome.Forbidden(SecondAdminRule.NoLongerAdmin)
            : grant.RequestedBy == admin.UserId ? Outcome.Forbidden("You asked for this grant, so another platform admin confirms it.")
            : SecondAdminRule.Refusal(admins, grant.RequestedAt, "this grant") is { } notIndependent ? Outcome.Forbidden(notIndependent)
            : null;
        if (problem is not null)
            return await RefuseWithinAsync(transaction, admin, grantId, problem);
        if (await session.Users.AddToRoleAsync(user!, Roles.PlatformAdmin) is { Succeeded: false } added)
            return await RefuseWithinAsync(transaction, admin, grantId, Outcome.Invalid(string.Join(" ", added.Errors.Select(e => e.Description))));
        // A new stamp: the grantee's open sessions pick up the role at their next revalidation.
        await session.Users.UpdateSecurityStampAsync(user!);
        grant.State = AdminGrantState.Granted;
        grant.ConfirmedBy = admin.UserId;
        grant.GrantedAt = timeProvider.GetUtcNow();
        await auditLog.SaveWithEntryAsync(db, admin.Name, AuditActions.AdminGrantConfirmed, $"user:{grant.UserId}",
            $"admin-grant:{grant.Id} asked for by user:{grant.RequestedBy}", null, cancellationToken);
        await sessionsEnded.PublishAsync(SessionsEnded.OfUser(grant.UserId));
        await changes.PublishAsync(new AdminGrantsChanged(grant.Id));
        return Outcome.Ok;
    }

    public async Task<Outcome> CancelAsync(Actor admin, Guid grantId, CancellationToken cancellationToken = default)
    {
        if (AdminGuard.Refusal(admin, "cancel grants of the admin role") is { } refusal)
            return await RefuseAsync(admin, grantId, Outcome.Forbidden(refusal));
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var grant = await db.AdminGrants.FirstOrDefaultAsync(g => g.Id == grantId, cancellationToken);
        if (grant is null)
            return await RefuseWithinAsync(transaction, admin, grantId, Outcome.NotFound("That grant does not exist."));
        var problem = grant.State != AdminGrantState.Pending ? Outcome.Conflict("This grant has already been confirmed or cancelled.")
            : !await PlatformAdmins.HoldsRoleAsync(db, admin.UserId, cancellationToken) ? Outcome.Forbidden(SecondAdminRule.NoLongerAdmin)
            : null;
        if (problem is not null)
            return await RefuseWithinAsync(transaction, admin, grantId, problem);
        grant.State = AdminGrantState.Cancelled;
        grant.CancelledBy = admin.UserId;
        grant.CancelledAt = timeProvider.GetUtcNow();
        await auditLog.SaveWithEntryAsync(db, admin.Name, AuditActions.AdminGrantCancelled, $"user:{grant.UserId}",
            $"admin-grant:{grant.Id} cancelled", null, cancellationToken);
        await changes.PublishAsync(new AdminGrantsChanged(grant.Id));
        return Outcome.Ok;
    }

    private static readonly string Expired = $"This grant expired: it was not confirmed within {AdminGrant.Lifetime.TotalDays:0} days of being asked for. " +
        "If the account should still be a platform admin, ask for the role again.";

    private async Task<Outcome> RefuseWithinAsync(IDbContextTransaction transaction, Actor admin, Guid grantId, Outcome refusal)
    {
        await transaction.RollbackAsync(CancellationToken.None);
        return await RefuseAsync(admin, grantId, refusal);
    }

    private async Task<Outcome> RefuseAsync(Actor admin, Guid grantId, Outcome refusal)
    {
        await auditLog.RecordAsync(admin.Name, AuditActions.AdminGrantRefused, $"admin-grant:{grantId}", refusal.Error!, admin.OrganisationId, CancellationToken.None);
        return refusal;
    }
}
