using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Identity;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Seeding;

namespace Portal.Infrastructure.Users;

/// <summary>What the operator's grant did: whether it made the account, and the password when it had to make one.</summary>
public sealed record OperatorGrantResult(string UserId, bool Created, string? Password);

/// <summary>
/// The <c>admin grant &lt;e-mail&gt;</c> server command: the operator, who runs the servers, makes a platform admin
/// independent of every other (docs/adr-0012). No admin's hand is in the grant, so the new admin can be the second of two
/// for anyone; it is how an installation gets its second independent admin, and how it recovers when every admin is
/// linked to every other. Audited with the operator as actor; the account's open sessions pick the role up at their
/// next revalidation.
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
        var user = await session.Users.FindByEmailAsync(email);
        string? password = null;
        if (user is null)
        {
            password = PasswordGenerator.Generate();
            user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email, CreatedAt = timeProvider.GetUtcNow() };
            if (await session.Users.CreateAsync(user, password) is { Succeeded: false } created)
                return await RefuseAsync(transaction, "user:new", Outcome.Invalid(Describe(created)));
            await auditLog.AppendWithinAsync(db, Operator, AuditActions.UserCreated, $"user:{user.Id}", "account created on the server by the operator", null, cancellationToken);
        }
        var roles = await session.Users.GetRolesAsync(user);
        var target = $"user:{user.Id}";
        if (roles.Contains(Roles.PlatformAdmin))
            return await RefuseAsync(transaction, target, Outcome.Conflict($"{email} is a platform admin already, so nothing was changed. " +
                "An operator grant makes a new admin independent of the others: name an account that is not an admin."));
        if (MembershipRules.Check([.. roles, Roles.PlatformAdmin], user.OrganisationId) is { } problem)
            return await RefuseAsync(transaction, target, Outcome.Invalid($"{email} cannot be made a platform admin as it is: {problem}"));
        if (await session.Users.AddToRoleAsync(user, Roles.PlatformAdmin) is { Succeeded: false } added)
            return await RefuseAsync(transaction, target, Outcome.Invalid(Describe(added)));
        await session.Users.UpdateSecurityStampAsync(user);
        var now = timeProvider.GetUtcNow();
        await CloseWaitingGrantsAsync(db, user.Id, now, cancellationToken);
        var grant = new AdminGrant { UserId = user.Id, RequestedBy = AdminGrant.ByOperator, RequestedAt = now, State = AdminGrantState.Granted, GrantedAt = now };
        db.AdminGrants.Add(grant);
        await auditLog.AppendWithinAsync(db, Operator, AuditActions.AdminGrantedByOperator, target,
            $"admin-grant:{grant.Id} granted on the server by the operator", null, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Outcome<OperatorGrantResult>.Ok(new OperatorGrantResult(user.Id, password is not null, password));
    }

    /// <summary>Rolled back first (a new account goes with it), then audited: the entry takes the write lock itself.</summary>
    private async Task<Outcome<OperatorGrantResult>> RefuseAsync(IDbContextTransaction transaction, string target, Outcome refusal)
    {
        await transaction.RollbackAsync(CancellationToken.None);
        await auditLog.RecordAsync(Operator, AuditActions.AdminGrantRefused, target, refusal.Error!, null, CancellationToken.None);
        return refusal.As<OperatorGrantResult>();
    }

    /// <summary>A grant of the same account still waiting for a second admin is settled by this one.</summary>
    private static async Task CloseWaitingGrantsAsync(PortalDbContext db, string userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var waiting in await db.AdminGrants.Where(g => g.UserId == userId && g.State == AdminGrantState.Pending).ToListAsync(cancellationToken))
        {
            waiting.State = AdminGrantState.Cancelled;
            waiting.CancelledBy = AdminGrant.ByOperator;
            waiting.CancelledAt = now;
        }
    }

    private static string Describe(Microsoft.AspNetCore.Identity.IdentityResult result) => string.Join(" ", result.Errors.Select(e => e.Description));
}
