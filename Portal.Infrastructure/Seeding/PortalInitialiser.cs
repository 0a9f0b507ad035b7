using Microsoft.Extensions.Options;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Lifecycle;
using Portal.Infrastructure.Options;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Secrets;

namespace Portal.Infrastructure.Seeding;

/// <summary>
/// Runs at start, before the portal serves a request: migrate, then seed. Scoped, like the seeders' user managers;
/// <see cref="DependencyInjection.InitialisePortalAsync"/> resolves it from a scope of its own, once.
/// </summary>
internal sealed class PortalInitialiser(
    DatabaseInitialiser database,
    AuditChainRekeyer auditChain,
    SecretsAtRestUpgrade secrets,
    IdentitySeeder identity,
    DemoDataSeeder demoData,
    RetentionDefaults retention,
    RemovedAccountClocks removedAccounts,
    Face.PipelineVersionCheck pipelineVersion,
    IOptions<PortalOptions> portalOptions,
    IOptions<AdminOptions> adminOptions)
{
    public async Task<SeedReport> InitialiseAsync(CancellationToken cancellationToken = default)
    {
        await database.MigrateAsync(cancellationToken);
        // Before anything appends: a chain from before the audit key is sealed with it, or the refusal recorded.
        await auditChain.RekeyLegacyChainAsync(cancellationToken);
        // Before anything uses the key ring: keys and second-factor secrets stored in clear by older versions.
        await secrets.RunAsync(cancellationToken);

        await identity.SeedRolesAsync(cancellationToken);
        var generatedPassword = await identity.SeedAdminAsync(cancellationToken);
        await identity.RecordAdminsFromBeforeGrantsAsync(cancellationToken);
        await retention.SeedAsync(cancellationToken);
        await removedAccounts.RestoreAsync(cancellationToken);

        // After migration: a build whose face pipeline is not the active one queues the re-index (once, whoever starts first).
        await pipelineVersion.EnsureReindexAsync(cancellationToken);

        var portal = portalOptions.Value;
        IReadOnlyList<DemoAccount> demoAccounts = portal.SeedDemoData ? await demoData.SeedAsync(cancellationToken) : [];
        return new SeedReport(adminOptions.Value.Email, generatedPassword, demoAccounts, portal.SeedDemoData ? portal.DemoPassword : null);
    }
}
