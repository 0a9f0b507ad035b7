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
        await auditLog.AppendWithinAsync(userContext, "system", AuditActions.UserCreated, $"user:{admin.Id}",
            $"platform admin {options.Email} created at first start", null, cancellationToken);
        await userContext.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return generated ? password : null;
    }

    /// <summary>
    /// Gives every platform admin made before grants were recorded a row saying so (<see cref="AdminGrant.BeforeGrantsWereRecorded"/>):
    /// someone made them in the portal, so they are not vetted. Without the row they would stand as the first admin does,
    /// each a person of their own, and an account an old admin made for themselves would be a second vote after the
    /// upgrade. Only the configured first admin keeps no row. Runs at every start; finds nothing once done.
    /// </summary>
    public async Task RecordAdminsFromBeforeGrantsAsync(CancellationToken cancellationToken = default)
    {
        var firstAdmin = await userManager.FindByEmailAsync(adminOptions.Value.Email);
        var recorded = await userContext.AdminGrants.Select(g => g.UserId).Distinct().ToListAsync(cancellationToken);
        var unrecorded = (await userManager.GetUsersInRoleAsync(Roles.PlatformAdmin))
            .Where(u => u.Id != firstAdmin?.Id && !recorded.Contains(u.Id)).ToList();
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
            await auditLog.AppendWithinAsync(userContext, "system", AuditActions.AdminGrantRecordedAfterwards, $"user:{admin.Id}",
                $"admin-grant:{grant.Id}: an admin from before grants were recorded, made in the portal, not vetted", null, cancellationToken);
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
