using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Identity;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Common;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Seeding;

namespace Portal.Infrastructure.Users;

/// <summary>The operator's new admin: its id and the password, shown once.</summary>
public sealed record OperatorGrantResult(string UserId, string Password);

/// <summary>
/// The <c>admin grant [--existing] &lt;e-mail&gt;</c> server command: the operator, who runs the servers, makes a
/// vetted admin (docs/adr-0012), who can be the second of two admins for anyone. By default always a new account with a
/// password only the operator has seen: an existing account may have been made, with a password they chose, by an admin
/// who wants a second vote, or by anyone through the public application form. With <c>existing</c> the account must
/// exist and is reset first (<see cref="ExistingAccountReset"/>), so that whatever its maker knew opens it no more.
/// Audited with the operator as actor, ids only (an e-mail in the chain would outlive an erased account).
/// </summary>
public sealed class OperatorAdminGrants(IdentitySessions identity, AuditLog auditLog, TimeProvider timeProvider, Notifier<SessionsEnded> sessionsEnded)
{
    private const string Operator = AdminGrant.ByOperator;

    public async Task<Outcome<OperatorGrantResult>> GrantAsync(string email, bool existing = false, CancellationToken cancellationToken = default)
    {
        email = email.Trim();
        if (!email.Contains('@', StringComparison.Ordinal))
            return Outcome<OperatorGrantResult>.Invalid($"'{email}' is not an e-mail address.");
        await using var session = identity.Open();
        var db = session.Db;
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var found = await session.Users.FindByEmailAsync(email);
        if (existing)
        {
            if (found is null)
                return await RefuseAsync(transaction, "user:unknown", "no account with this e-mail exists",
                    Outcome.NotFound($"No account with {email} exists, so nothing was changed. Without --existing the command makes a new account."));
            var revetted = await RevetWithinAsync(session, transaction, found, cancellationToken);
            if (revetted.Succeeded)
                await sessionsEnded.PublishAsync(SessionsEnded.OfUser(found.Id));
            return revetted;
        }
        if (found is not null)
            return await RefuseAsync(transaction, $"user:{found.Id}", "an account with this e-mail exists already",
                Outcome.Conflict($"An account with {email} exists already, so nothing was changed. The operator's admin is a new account, " +
                    "with a password only you have seen: whoever made the existing one may know its password. Use another address, or run " +
                    "the command again with --existing to make this account a vetted admin after resetting its password, second factors and external logins."));
        var password = PasswordGenerator.Generate();
        var now = timeProvider.GetUtcNow();
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email, CreatedAt = now };
        if (await session.Users.CreateAsync(user, password) is { Succeeded: false } created)
            return await RefuseAsync(transaction, "user:new", "the account could not be created", Outcome.Invalid(ExistingAccountReset.Describe(created)));
        if (await session.Users.AddToRoleAsync(user, Roles.PlatformAdmin) is { Succeeded: false } added)
            return await RefuseAsync(transaction, $"user:{user.Id}", "the role could not be added", Outcome.Invalid(ExistingAccountReset.Describe(added)));
        await auditLog.AppendWithinAsync(db, Operator, AuditActions.UserCreated, $"user:{user.Id}", "account created on the server by the operator", null, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await GrantWithinAsync(db, user.Id, "granted on the server by the operator", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Outcome<OperatorGrantResult>.Ok(new OperatorGrantResult(user.Id, password));
    }

    /// <summary>An existing account made vetted: reset, given the role if it lacks it, its earlier grants closed, a new one by the operator.</summary>
    private async Task<Outcome<OperatorGrantResult>> RevetWithinAsync(IdentitySession session, IDbContextTransaction transaction, ApplicationUser user,
        CancellationToken cancellationToken)
    {
        var db = session.Db;
        var reset = await ExistingAccountReset.ResetWithinAsync(session, user, cancellationToken);
        if (!reset.Succeeded)
            return await RefuseAsync(transaction, $"user:{user.Id}", "the existing account could not be reset", reset.WithoutValue());
        if (!await session.Users.IsInRoleAsync(user, Roles.PlatformAdmin) && await session.Users.AddToRoleAsync(user, Roles.PlatformAdmin) is { Succeeded: false } added)
            return await RefuseAsync(transaction, $"user:{user.Id}", "the role could not be added", Outcome.Invalid(ExistingAccountReset.Describe(added)));
        var now = timeProvider.GetUtcNow();
        // The row in force says how the account holds the role; the earlier one (made in the portal) ends here, and a grant
        // still waiting would only try to add a role the account now has.
        foreach (var earlier in await db.AdminGrants.Where(g => g.UserId == user.Id && (g.State == AdminGrantState.Pending
                     || (g.State == AdminGrantState.Granted && g.RevokedAt == null))).ToListAsync(cancellationToken))
        {
            if (earlier.State == AdminGrantState.Pending)
                (earlier.State, earlier.CancelledBy, earlier.CancelledAt) = (AdminGrantState.Cancelled, Operator, now);
            else
                (earlier.RevokedBy, earlier.RevokedAt) = (Operator, now);
        }
        // A new stamp last: every session opened with what the maker knew ends at its next revalidation.
        await session.Users.UpdateSecurityStampAsync(user);
        await GrantWithinAsync(db, user.Id, "granted on the server by the operator to an existing account: password replaced, " +
            "second factors and external logins removed, lockout cleared, signed out everywhere", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Outcome<OperatorGrantResult>.Ok(new OperatorGrantResult(user.Id, reset.Value!));
    }

    private async Task GrantWithinAsync(PortalDbContext db, string userId, string details, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var grant = new AdminGrant { UserId = userId, RequestedBy = AdminGrant.ByOperator, RequestedAt = now, State = AdminGrantState.Granted, GrantedAt = now };
        db.AdminGrants.Add(grant);
        await auditLog.AppendWithinAsync(db, Operator, AuditActions.AdminGrantedByOperator, $"user:{userId}", $"admin-grant:{grant.Id} {details}", null, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Rolled back first (a new account goes with it), then audited with <paramref name="why"/>, not the message: the
    /// message names the e-mail (and Identity's texts may), which the chain must not keep.
    /// </summary>
    private async Task<Outcome<OperatorGrantResult>> RefuseAsync(IDbContextTransaction transaction, string target, string why, Outcome refusal)
    {
        await transaction.RollbackAsync(CancellationToken.None);
        await auditLog.RecordAsync(Operator, AuditActions.AdminGrantRefused, target, $"operator grant refused: {why}", null, CancellationToken.None);
        return refusal.As<OperatorGrantResult>();
    }
}
