using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Domain.Auditing;
using Portal.Domain.Identity;
using Portal.Domain.Organisations;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Options;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Seeding;

/// <summary>Demo partners and their accounts; only when Portal:SeedDemoData is true. Idempotent.</summary>
internal sealed class DemoDataSeeder(
    IDbContextFactory<PortalDbContext> contextFactory,
    UserManager<ApplicationUser> userManager,
    PortalDbContext userContext,
    IOptions<PortalOptions> portalOptions,
    AuditLog auditLog,
    TimeProvider timeProvider)
{
    public async Task<IReadOnlyList<DemoAccount>> SeedAsync(CancellationToken cancellationToken)
    {
        var password = portalOptions.Value.DemoPassword;
        if (string.IsNullOrEmpty(password))
            throw new InvalidOperationException(
                $"{PortalOptions.Section}:SeedDemoData is true but {PortalOptions.Section}:DemoPassword is not set.");

        var accounts = new List<DemoAccount>();
        foreach (var demo in DemoOrganisations.All)
        {
            var organisation = await EnsureOrganisationAsync(demo, cancellationToken);
            foreach (var user in DemoOrganisations.UsersPerOrganisation)
            {
                var email = $"{user.LocalPart}@{demo.Domain}";
                await EnsureUserAsync(email, $"{user.DisplayName}, {demo.Name}", user.Role, organisation.Id, password,
                    isOrganisationAdmin: user.Role == Roles.PartnerStaff);
                accounts.Add(new DemoAccount(email, user.Role, demo.Name));
            }
        }
        await EnsureLawEnforcementMoratoriumAsync(cancellationToken);
        return accounts;
    }

    /// <summary>The demo moratorium: June 2020 for a year, then extended until further notice.</summary>
    private async Task EnsureLawEnforcementMoratoriumAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Moratoria.AnyAsync(m => m.Title == DemoMoratorium.Title, cancellationToken))
            return;
        var moratorium = DemoMoratorium.Create();
        moratorium.ActivationStampedAt = timeProvider.GetUtcNow();
        db.Moratoria.Add(moratorium);
        await auditLog.SaveWithEntryAsync(db, "system", AuditActions.MoratoriumCreated, $"moratorium:{moratorium.Id}",
            $"demo data: \"{moratorium.Title}\" seeded with its history", null, cancellationToken);
    }

    private async Task<Organisation> EnsureOrganisationAsync(DemoOrganisations.DemoOrganisation demo, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var existing = await db.Organisations.FirstOrDefaultAsync(o => o.Name == demo.Name, cancellationToken);
        if (existing is not null)
            return existing;
        var now = timeProvider.GetUtcNow();
        var organisation = new Organisation
        {
            Name = demo.Name,
            Sector = demo.Sector,
            Country = demo.Country,
            Website = $"https://{demo.Domain}",
            ContactPerson = $"Partnerships team, {demo.Name}",
            MissionStatement = "Demo organisation seeded for trying the portal.",
            RequestedPurposes = demo.Purposes,
            GrantedPurposes = demo.Purposes,
            DataUseAgreementVersion = DataUseAgreement.CurrentVersion,
            DataUseAgreementAcceptedAt = now,
            ApplicationConfirmedAt = now,
            CreatedAt = now,
        };
        organisation.Start(OrganisationStatus.Approved, "system", "demo data: seeded as an approved partner", now);
        db.Organisations.Add(organisation);
        await db.SaveChangesAsync(cancellationToken);
        return organisation;
    }

    private async Task EnsureUserAsync(string email, string displayName, string role, Guid organisationId, string password,
        bool isOrganisationAdmin)
    {
        if (await userManager.FindByEmailAsync(email) is not null)
            return;
        var user = new ApplicationUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = displayName,
            OrganisationId = organisationId,
            IsOrganisationAdmin = isOrganisationAdmin,
            CreatedAt = timeProvider.GetUtcNow(),
        };
        // The user manager saves through this scope's context: the account and its entry share a transaction.
        await using var transaction = await userContext.Database.BeginWriteTransactionAsync();
        IdentitySeeder.EnsureSucceeded(await userManager.CreateAsync(user, password), $"create demo user {email}");
        IdentitySeeder.EnsureSucceeded(await userManager.AddToRoleAsync(user, role), $"grant {role} to {email}");
        await auditLog.AppendWithinAsync(userContext, "system", AuditActions.UserCreated, $"user:{user.Id}",
            $"demo account {email} ({role})", organisationId);
        await userContext.SaveChangesAsync();
        await transaction.CommitAsync();
    }
}
