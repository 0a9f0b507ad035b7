using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Options;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Secrets;

namespace Portal.Infrastructure.Seeding;

/// <summary>Runs at start, before the portal serves a request: migrate, then seed.</summary>
public sealed class PortalInitialiser(IServiceScopeFactory scopeFactory)
{
    public async Task<SeedReport> InitialiseAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var services = scope.ServiceProvider;
        await services.GetRequiredService<DatabaseInitialiser>().MigrateAsync(cancellationToken);
        // Before anything appends: a chain from before the audit key is sealed with it, or the refusal recorded.
        await services.GetRequiredService<AuditChainRekeyer>().RekeyLegacyChainAsync(cancellationToken);
        // Before anything uses the key ring: keys and second-factor secrets stored in clear by older versions.
        await services.GetRequiredService<SecretsAtRestUpgrade>().RunAsync(cancellationToken);

        var identity = services.GetRequiredService<IdentitySeeder>();
        await identity.SeedRolesAsync();
        var generatedPassword = await identity.SeedAdminAsync();

        var portal = services.GetRequiredService<IOptions<PortalOptions>>().Value;
        IReadOnlyList<DemoAccount> demoAccounts = portal.SeedDemoData
            ? await services.GetRequiredService<DemoDataSeeder>().SeedAsync(cancellationToken)
            : [];
        var adminEmail = services.GetRequiredService<IOptions<AdminOptions>>().Value.Email;
        return new SeedReport(adminEmail, generatedPassword, demoAccounts, portal.SeedDemoData ? portal.DemoPassword : null);
    }
}
