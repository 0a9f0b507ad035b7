using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Portal.Domain.Auditing;
using Portal.Domain.Identity;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Options;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Seeding;

/// <summary>Roles always; the platform admin from configuration. Safe to run at every start.</summary>
internal sealed class IdentitySeeder(
    RoleManager<IdentityRole> roleManager,
    UserManager<ApplicationUser> userManager,
    PortalDbContext userContext,
    IOptions<AdminOptions> adminOptions,
    IHostEnvironment environment,
    AuditLog auditLog,
    TimeProvider timeProvider)
{
    public async Task SeedRolesAsync(CancellationToken cancellationToken = default)
    {
        foreach (var role in Roles.All)
        {
            if (!await roleManager.RoleExistsAsync(role))
                EnsureSucceeded(await roleManager.CreateAsync(new IdentityRole(role)), $"create role {role}");
        }
    }

    /// <summary>
    /// Creates the first admin on a portal that never had one, and returns the password only when it had to be generated.
    /// Never again after that: re-seeding once the seeded admin was erased, or under a newly configured e-mail, would make
    /// a vetted admin whose password everyone who reads the configuration knows, a second vote for whoever
    /// removed the first (docs/adr-0012). The server's operator adds admins with <c>admin grant</c> instead.
    /// </summary>
    public async Task<string?> SeedAdminAsync(CancellationToken cancellationToken = default)
    {
        var options = adminOptions.Value;
        if (await userManager.FindByEmailAsync(options.Email) is not null
            || (await userManager.GetUsersInRoleAsync(Roles.PlatformAdmin)).Count > 0
            || await userContext.AdminGrants.AnyAsync(cancellationToken))
            return null;

        var generated = string.IsNullOrEmpty(options.Password);
        if (generated && !environment.IsDevelopment())
            throw new InvalidOperationException(
                $"No platform admin exists and {AdminOptions.Section}:Password is not set. " +
                "Set it (environment variable Portal__Admin__Password) for the first start.");
        var password = generated ? PasswordGenerator.Generate() : options.Password!;

        var admin = new ApplicationUser
        {
            UserName = options.Email,
            Email = options.Email,
            EmailConfirmed = true,
            DisplayName = "Platform admin",
            CreatedAt = timeProvider.GetUtcNow(),
        };
        // The user manager saves through this scope's context: the account and its entry share a transaction.
        await using var transaction = await userContext.Database.BeginWriteTransactionAsync(cancellationToken);
        EnsureSucceeded(await userManager.CreateAsync(admin, password), "create the platform admin");
        EnsureSucceeded(await userManager.AddToRoleAsync(admin, Roles.PlatformAdmin), "grant the admin role");
        // The row is what makes the first admin vetted: an admin without one is not (docs/adr-0012).
        var now = timeProvider.GetUtcNow();
        var grant = new AdminGrant { UserId = admin.Id, RequestedBy = AdminGrant.FirstAdmin, RequestedAt = now, State = AdminGrantState.Granted, GrantedAt = now };
        userContext.AdminGrants.Add(grant);
        await auditLog.AppendWithinAsync(userContext, "system", AuditActions.UserCreated, $"user:{admin.Id}",
            $"platform admin {options.Email} created at first start", null, cancellationToken);
        await userContext.SaveChangesAsync(cancellationToken);
        await auditLog.AppendWithinAsync(userContext, "system", AuditActions.AdminGrantedFirstAdmin, $"user:{admin.Id}",
            $"admin-grant:{grant.Id} the first admin, seeded at first start: vetted", null, cancellationToken);
        await userContext.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return generated ? password : null;
    }

    /// <summary>
    /// Gives every platform admin without a grant in force a row saying they were made before grants were recorded
    /// (<see cref="AdminGrant.BeforeGrantsWereRecorded"/>): someone made them in the portal, so they are not vetted. The
    /// configured first admin included, when seeded by a version that wrote no first-admin row: nothing shows that account
    /// was never handed around, so the operator re-vets it with <c>admin grant --existing</c> (docs/adr-0012). Runs at
    /// every start; finds nothing once done.
    /// </summary>
    public async Task RecordAdminsFromBeforeGrantsAsync(CancellationToken cancellationToken = default)
    {
        var firstAdmin = await userManager.FindByEmailAsync(adminOptions.Value.Email);
        var inForce = await userContext.AdminGrants.Where(g => g.State == AdminGrantState.Granted && g.RevokedAt == null)
            .Select(g => g.UserId).Distinct().ToListAsync(cancellationToken);
        var unrecorded = (await userManager.GetUsersInRoleAsync(Roles.PlatformAdmin)).Where(u => !inForce.Contains(u.Id)).ToList();
        if (unrecorded.Count == 0)
            return;
        await using var transaction = await userContext.Database.BeginWriteTransactionAsync(cancellationToken);
        foreach (var admin in unrecorded)
        {
            var grant = new AdminGrant
            {
                UserId = admin.Id, RequestedBy = AdminGrant.BeforeGrantsWereRecorded, RequestedAt = admin.CreatedAt,
                State = AdminGrantState.Granted, GrantedAt = admin.CreatedAt,
            };
            userContext.AdminGrants.Add(grant);
            var which = admin.Id == firstAdmin?.Id
                ? "the first admin, seeded before first-admin grants were recorded, not vetted until the operator runs 'admin grant --existing'"
                : "an admin from before grants were recorded, made in the portal, not vetted";
            await auditLog.AppendWithinAsync(userContext, "system", AuditActions.AdminGrantRecordedAfterwards, $"user:{admin.Id}",
                $"admin-grant:{grant.Id}: {which}", null, cancellationToken);
            await userContext.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    internal static void EnsureSucceeded(IdentityResult result, string what)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException(
                $"Seeding could not {what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
    }
}
