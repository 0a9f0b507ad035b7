using Microsoft.EntityFrameworkCore.Storage;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Identity;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Seeding;

namespace Portal.Infrastructure.Users;

/// <summary>The operator's new admin: its id and the password, shown once.</summary>
public sealed record OperatorGrantResult(string UserId, string Password);

/// <summary>
/// The <c>admin grant &lt;e-mail&gt;</c> server command: the operator, who runs the servers, makes a
/// vetted admin (docs/adr-0012), who can be the second of two admins for anyone. Always a new account with a
/// password only the operator has seen: an existing account may have been made, with a password they chose, by an admin
/// who wants a second vote, or by anyone through the public application form. Audited with the operator as actor,
/// ids only (an e-mail in the chain would outlive an erased account).
/// </summary>
public sealed class OperatorAdminGrants(IdentitySessions identity, AuditLog auditLog, TimeProvider timeProvider)
{
    private const string Operator = "operator";

    public async Task<Outcome<OperatorGrantResult>> GrantAsync(string email, CancellationToken cancellationToken = default)
    {
        email = email.Trim();
        if (!email.Contains('@', StringComparison.Ordinal))
            return Outcome<OperatorGrantResult>.Invalid($"'{email}' is not an e-mail address.");
        await using var session = identity.Open();
        var db = session.Db;
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        if (await session.Users.FindByEmailAsync(email) is { } existing)
            return await RefuseAsync(transaction, $"user:{existing.Id}", "an account with this e-mail exists already",
                Outcome.Conflict($"An account with {email} exists already, so nothing was changed. The operator's admin is always a " +
                    "new account, with a password only you have seen: whoever made the existing one may know its password. Use another address."));
        var password = PasswordGenerator.Generate();
        var now = timeProvider.GetUtcNow();
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email, CreatedAt = now };
        if (await session.Users.CreateAsync(user, password) is { Succeeded: false } created)
            return await RefuseAsync(transaction, "user:new", "the account could not be created", Outcome.Invalid(Describe(created)));
        if (await session.Users.AddToRoleAsync(user, Roles.PlatformAdmin) is { Succeeded: false } added)
            return await RefuseAsync(transaction, $"user:{user.Id}", "the role could not be added", Outcome.Invalid(Describe(added)));
        var grant = new AdminGrant { UserId = user.Id, RequestedBy = AdminGrant.ByOperator, RequestedAt = now, State = AdminGrantState.Granted, GrantedAt = now };
        db.AdminGrants.Add(grant);
        await auditLog.AppendWithinAsync(db, Operator, AuditActions.UserCreated, $"user:{user.Id}", "account created on the server by the operator", null, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await auditLog.AppendWithinAsync(db, Operator, AuditActions.AdminGrantedByOperator, $"user:{user.Id}",
            $"admin-grant:{grant.Id} granted on the server by the operator", null, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Outcome<OperatorGrantResult>.Ok(new OperatorGrantResult(user.Id, password));
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

    private static string Describe(Microsoft.AspNetCore.Identity.IdentityResult result) => string.Join(" ", result.Errors.Select(e => e.Description));
}
