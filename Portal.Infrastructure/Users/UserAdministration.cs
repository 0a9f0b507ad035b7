using Microsoft.AspNetCore.Identity;
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

/// <summary>What a platform admin does with accounts: list, create, change roles and organisation.</summary>
/// <remarks>
/// A singleton that opens an Identity session per operation: a Blazor circuit lives for hours, a DbContext should not. The user
/// manager saves through the session's context, so a change and its audit entry share one transaction on it.
/// </remarks>
public sealed class UserAdministration(
    IdentitySessions identity,
    IDbContextFactory<PortalDbContext> contextFactory,
    AuditLog auditLog,
    TimeProvider timeProvider,
    Notifier<SessionsEnded> sessionsEnded,
    AdminGrantRequests grants,
    Notifier<AdminGrantsChanged> grantsChanged)
{
    private const string Work = "manage accounts";

    /// <summary>Every account, for a platform admin; anyone else is refused.</summary>
    public async Task<Outcome<IReadOnlyList<UserSummary>>> ListAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        if (AdminGuard.Refusal(actor, Work) is { } refusal)
            return Outcome<IReadOnlyList<UserSummary>>.Forbidden(refusal);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var now = timeProvider.GetUtcNow();
        var rolesByUser = await (from userRole in db.UserRoles
                                 join role in db.Roles on userRole.RoleId equals role.Id
                                 select new { userRole.UserId, role.Name })
            .ToListAsync(cancellationToken);
        var lookup = rolesByUser.ToLookup(r => r.UserId, r => r.Name!);
        var users = await (from user in db.Users
                           join organisation in db.Organisations on user.OrganisationId equals organisation.Id into orgs
                           from organisation in orgs.DefaultIfEmpty()
                           orderby user.Email
                           select new { user, OrganisationName = organisation == null ? null : organisation.Name })
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        return Outcome<IReadOnlyList<UserSummary>>.Ok(users.Select(row => new UserSummary(
                row.user.Id, row.user.Email ?? "", row.user.DisplayName,
                lookup[row.user.Id].Order(StringComparer.Ordinal).ToList(),
                row.user.OrganisationId, row.OrganisationName,
                row.user.LockoutEnd is { } end && end > now,
                row.user.TwoFactorEnabled))
            .ToList());
    }

    /// <summary>Every organisation, for the account forms of a platform admin; anyone else is refused.</summary>
    public async Task<Outcome<IReadOnlyList<OrganisationOption>>> OrganisationsAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        if (AdminGuard.Refusal(actor, Work) is { } refusal)
            return Outcome<IReadOnlyList<OrganisationOption>>.Forbidden(refusal);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return Outcome<IReadOnlyList<OrganisationOption>>.Ok(await db.Organisations.AsNoTracking().OrderBy(o => o.Name)
            .Select(o => new OrganisationOption(o.Id, o.Name))
            .ToListAsync(cancellationToken));
    }

    /// <summary>Creates an account; the platform admin role in <paramref name="request"/> is asked for (<see cref="AdminGrantRequests"/>).</summary>
    public async Task<Outcome<AdminGrantEffect>> CreateAsync(Actor actor, NewUser request, CancellationToken cancellationToken = default)
    {
        if (AdminGuard.Refusal(actor, Work) is { } refusal)
            return Outcome<AdminGrantEffect>.Forbidden(refusal);
        await using var session = identity.Open();
        var userManager = session.Users;
        if (MembershipRules.Check(request.Roles, request.OrganisationId) is { } problem)
            return Outcome<AdminGrantEffect>.Invalid(problem);
        if (!await OrganisationExistsAsync(request.OrganisationId, cancellationToken))
            return Outcome<AdminGrantEffect>.Invalid(UnknownOrganisation);
        if (await userManager.FindByEmailAsync(request.Email) is not null)
            return Outcome<AdminGrantEffect>.Conflict($"An account for {request.Email} already exists.");

        var user = new ApplicationUser
        {
            UserName = request.Email,
            Email = request.Email,
            EmailConfirmed = true,
            DisplayName = request.DisplayName.Trim(),
            OrganisationId = request.OrganisationId,
            CreatedAt = timeProvider.GetUtcNow(),
        };
        var db = session.Db;
        var others = request.Roles.Where(r => r != Roles.PlatformAdmin).ToList();
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        if (await StaleAdminAsync(db, transaction, actor, user.Id, cancellationToken) is { } stale)
            return stale;
        var created = await userManager.CreateAsync(user, request.Password);
        if (!created.Succeeded)
            return Outcome<AdminGrantEffect>.Invalid(Describe(created));
        if (others.Count > 0 && await userManager.AddToRolesAsync(user, others) is { Succeeded: false } granted)
            return Outcome<AdminGrantEffect>.Invalid(Describe(granted)); // the transaction rolls the account back
        await auditLog.AppendWithinAsync(db, actor.Name, AuditActions.UserCreated, $"user:{user.Id}",
            $"account created; roles {Join(others)}", request.OrganisationId, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        var effect = AdminGrantEffect.None;
        if (request.Roles.Contains(Roles.PlatformAdmin))
        {
            var asked = await grants.RequestWithinAsync(session, actor, user, cancellationToken);
            if (!asked.Succeeded)
                return await RefuseGrantAsync(transaction, actor, user.Id, asked.WithoutValue());
            effect = asked.Value;
        }
        await transaction.CommitAsync(cancellationToken);
        if (effect == AdminGrantEffect.Waiting)
            await grantsChanged.PublishAsync(new AdminGrantsChanged(Guid.Empty));
        return Outcome<AdminGrantEffect>.Ok(effect);
    }

    /// <summary>
    /// Changes roles and organisation. Removing a role is immediate (never the last platform admin's); adding the platform
    /// admin role is asked for (<see cref="AdminGrantRequests"/>), and the account holds it only once confirmed.
    /// </summary>
    public async Task<Outcome<AdminGrantEffect>> UpdateMembershipAsync(Actor actor, string userId, IReadOnlyList<string> roles, Guid? organisationId, CancellationToken cancellationToken = default)
    {
        if (AdminGuard.Refusal(actor, Work) is { } refusal)
            return Outcome<AdminGrantEffect>.Forbidden(refusal);
        await using var session = identity.Open();
        var userManager = session.Users;
        if (MembershipRules.Check(roles, organisationId) is { } problem)
            return Outcome<AdminGrantEffect>.Invalid(problem);
        if (!await OrganisationExistsAsync(organisationId, cancellationToken))
            return Outcome<AdminGrantEffect>.Invalid(UnknownOrganisation);
        var db = session.Db;
        // The account and its roles are read under the write lock: roles read before it could be changed meanwhile, and
        // the removal below would then be decided on (and audited as) roles the account no longer has.
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var user = await userManager.FindByIdAsync(userId);
        if (user is null)
            return await RefuseAsync(transaction, actor, AuditActions.UserChangeRefused, userId, Outcome.NotFound("That account no longer exists."));
        if (user.Id == actor.UserId && !roles.Contains(Roles.PlatformAdmin))
            return await RefuseGrantAsync(transaction, actor, userId, Outcome.Forbidden("You cannot remove your own admin role; ask another admin."));

        var current = await userManager.GetRolesAsync(user);
        var toRemove = current.Except(roles).ToList();
        var toAdd = roles.Except(current).ToList();
        var askAdmin = toAdd.Remove(Roles.PlatformAdmin);
        var organisationChanged = user.OrganisationId != organisationId;
        if (toRemove.Count == 0 && toAdd.Count == 0 && !askAdmin && !organisationChanged)
            return Outcome<AdminGrantEffect>.Ok(AdminGrantEffect.None);
        if (await StaleAdminAsync(db, transaction, actor, user.Id, cancellationToken) is { } stale)
            return stale;
        if (toRemove.Contains(Roles.PlatformAdmin) && await grants.RevokeWithinAsync(session, actor, user, cancellationToken) is { Succeeded: false } kept)
            return await RefuseGrantAsync(transaction, actor, user.Id, kept);
        if (toRemove.Count > 0 && await userManager.RemoveFromRolesAsync(user, toRemove) is { Succeeded: false } removed)
            return Outcome<AdminGrantEffect>.Invalid(Describe(removed));
        if (toAdd.Count > 0 && await userManager.AddToRolesAsync(user, toAdd) is { Succeeded: false } added)
            return Outcome<AdminGrantEffect>.Invalid(Describe(added));
        var previousOrganisation = user.OrganisationId;
        user.OrganisationId = organisationId;
        // Administering one organisation says nothing about the next: the new one's admins grant it again.
        if (organisationChanged)
            user.IsOrganisationAdmin = false;
        await userManager.UpdateAsync(user);
        // A new stamp ends the old permissions on open sessions at their next revalidation.
        await userManager.UpdateSecurityStampAsync(user);

        if (toRemove.Count > 0 || toAdd.Count > 0)
        {
            await auditLog.AppendWithinAsync(db, actor.Name, AuditActions.RolesChanged, $"user:{user.Id}",
                $"roles {Join(current)} -> {Join(current.Except(toRemove).Union(toAdd))}", organisationId, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }
        if (organisationChanged)
        {
            await auditLog.AppendWithinAsync(db, actor.Name, AuditActions.UserOrganisationChanged, $"user:{user.Id}",
                $"organisation {previousOrganisation?.ToString() ?? "none"} -> {organisationId?.ToString() ?? "none"}",
                organisationId, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }
        var effect = AdminGrantEffect.None;
        if (askAdmin)
        {
            var asked = await grants.RequestWithinAsync(session, actor, user, cancellationToken);
            if (!asked.Succeeded)
                return await RefuseGrantAsync(transaction, actor, user.Id, asked.WithoutValue());
            effect = asked.Value;
        }
        await transaction.CommitAsync(cancellationToken);
        // After the commit: a circuit that revalidates on the message must read the new stamp.
        await sessionsEnded.PublishAsync(SessionsEnded.OfUser(user.Id));
        if (effect == AdminGrantEffect.Waiting)
            await grantsChanged.PublishAsync(new AdminGrantsChanged(Guid.Empty));
        return Outcome<AdminGrantEffect>.Ok(effect);
    }

    /// <summary>A refused grant or removal is audited once the change is rolled back, so the entry can take the write lock.</summary>
    private Task<Outcome<AdminGrantEffect>> RefuseGrantAsync(IDbContextTransaction transaction, Actor actor, string userId, Outcome refusal) =>
        RefuseAsync(transaction, actor, AuditActions.AdminGrantRefused, userId, refusal);

    /// <summary>
    /// The session's role may be minutes old: an admin whose role was just removed could otherwise go on creating
    /// accounts and removing other admins until the session is revalidated. Read under the write lock.
    /// </summary>
    private async Task<Outcome<AdminGrantEffect>?> StaleAdminAsync(PortalDbContext db, IDbContextTransaction transaction, Actor actor, string userId,
        CancellationToken cancellationToken) =>
        await PlatformAdmins.HoldsRoleAsync(db, actor.UserId, cancellationToken) ? null
            : await RefuseAsync(transaction, actor, AuditActions.UserChangeRefused, userId, Outcome.Forbidden(SecondAdminRule.NoLongerAdmin));

    private async Task<Outcome<AdminGrantEffect>> RefuseAsync(IDbContextTransaction transaction, Actor actor, string action, string userId, Outcome refusal)
    {
        await transaction.RollbackAsync(CancellationToken.None);
        return await RefusedAsync(actor, action, userId, refusal);
    }

    /// <summary>Audits a refusal made before any transaction was opened: a step at an account or a role that was not taken is still on record.</summary>
    private async Task<Outcome<AdminGrantEffect>> RefusedAsync(Actor actor, string action, string userId, Outcome refusal)
    {
        await auditLog.RecordAsync(actor.Name, action, $"user:{userId}", refusal.Error!, null, CancellationToken.None);
        return refusal.As<AdminGrantEffect>();
    }

    private static string Join(IEnumerable<string> roles) => roles.Any() ? string.Join(", ", roles.Order(StringComparer.Ordinal).Select(Roles.Label)) : "none";

    private static string Describe(IdentityResult result) => string.Join(" ", result.Errors.Select(e => e.Description));

    private const string UnknownOrganisation = "That organisation does not exist.";

    /// <summary>An id from a form or a circuit event is checked before it reaches a foreign key (which would throw).</summary>
    private async Task<bool> OrganisationExistsAsync(Guid? organisationId, CancellationToken cancellationToken)
    {
        if (organisationId is not { } id)
            return true;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Organisations.AnyAsync(o => o.Id == id, cancellationToken);
    }
}
