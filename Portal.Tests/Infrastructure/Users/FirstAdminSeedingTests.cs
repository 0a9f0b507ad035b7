using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Auditing;
using Portal.Domain.Identity;
using Portal.Domain.Organisations;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Users;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Users;

/// <summary>
/// The configured first admin is seeded on a portal that never had one, and never again: a re-seeded admin would be
/// an independent second vote whose password everyone reading the configuration knows.
/// </summary>
public sealed class FirstAdminSeedingTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task TheFirstAdminIsSeededOnceAndNotAgainAfterTheAccountWentOrUnderANewEmail()
    {
        await using (var first = await InfrastructureHost.StartAsync(_data.Path))
        {
            Assert.NotNull(await FindAsync(first, TestAccounts.AdminEmail));
            Assert.True((await first.Get<OperatorAdminGrants>().GrantAsync("operator-made@reunite.example")).Succeeded);
            using var scope = first.Services.CreateScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            Assert.True((await users.DeleteAsync((await users.FindByEmailAsync(TestAccounts.AdminEmail))!)).Succeeded);
        }

        await using var again = await InfrastructureHost.StartAsync(_data.Path);
        await using var renamed = await InfrastructureHost.StartAsync(_data.Path,
            settings: new Dictionary<string, string?> { ["Portal:Admin:Email"] = "someone-new@reunite.example" });

        Assert.Null(await FindAsync(again, TestAccounts.AdminEmail));
        Assert.Null(await FindAsync(renamed, "someone-new@reunite.example"));
    }

    [Fact]
    public async Task AnAdminFromBeforeGrantsWereRecordedIsRecordedAtStartAsMadeInThePortalAndCannotConfirm()
    {
        string legacyId;
        await using (var before = await InfrastructureHost.StartAsync(_data.Path))
        {
            // As an older version made admins: the role given directly, no grant row.
            using var scope = before.Services.CreateScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var legacy = new ApplicationUser { UserName = "old-admin@reunite.example", Email = "old-admin@reunite.example", EmailConfirmed = true };
            Assert.True((await users.CreateAsync(legacy, TestAccounts.DemoPassword)).Succeeded);
            Assert.True((await users.AddToRoleAsync(legacy, Roles.PlatformAdmin)).Succeeded);
            legacyId = legacy.Id;
        }

        await using var after = await InfrastructureHost.StartAsync(_data.Path);
        await using var restartedAgain = await InfrastructureHost.StartAsync(_data.Path);
        var first = await ReviewScenario.ActorAsync(after.Services, TestAccounts.AdminEmail);
        var proposed = await after.Get<ThresholdProposals>().ProposeAsync(first, Sector.Research, 0.6f, "Fewer false leads for research searches");
        var confirmed = await after.Get<ThresholdProposals>().ConfirmAsync(await ReviewScenario.ActorAsync(after.Services, "old-admin@reunite.example"), proposed.Value);

        Assert.StartsWith("You were made a platform admin in the portal", confirmed.Error);
        await using var db = await after.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var row = await db.AdminGrants.SingleAsync(g => g.UserId == legacyId);
        Assert.Equal((legacyId, AdminGrant.BeforeGrantsWereRecorded), (row.UserId, row.RequestedBy));
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.AdminGrantRecordedAfterwards));
    }

    [Fact]
    public async Task TheFirstAdminIsSeededWithAFirstAdminGrantThatMakesThemVetted()
    {
        await using var host = await InfrastructureHost.StartAsync(_data.Path);
        var first = await ReviewScenario.ActorAsync(host.Services, TestAccounts.AdminEmail);

        var proposed = await host.Get<ThresholdProposals>().ProposeAsync(first, Sector.Research, 0.6f, "Fewer false leads for research searches");

        Assert.True(proposed.Succeeded, proposed.Error);
        await using var db = await host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var row = await db.AdminGrants.SingleAsync();
        Assert.Equal((first.UserId, AdminGrant.FirstAdmin, AdminGrantState.Granted), (row.UserId, row.RequestedBy, row.State));
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.AdminGrantedFirstAdmin && e.Target == $"user:{first.UserId}"));
    }

    [Fact]
    public async Task AFirstAdminSeededWithoutAGrantRowIsNotVettedUntilTheOperatorReVetsThem()
    {
        await using (var before = await InfrastructureHost.StartAsync(_data.Path))
        {
            // As a version that wrote no first-admin row left the portal.
            await using var db = await before.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
            await db.AdminGrants.ExecuteDeleteAsync();
        }

        await using var after = await InfrastructureHost.StartAsync(_data.Path);
        var first = await ReviewScenario.ActorAsync(after.Services, TestAccounts.AdminEmail);
        var proposals = after.Get<ThresholdProposals>();
        var refused = await proposals.ProposeAsync(first, Sector.Research, 0.6f, "Fewer false leads for research searches");
        var revetted = await after.Get<OperatorAdminGrants>().GrantAsync(TestAccounts.AdminEmail, existing: true);
        var proposed = await proposals.ProposeAsync(first, Sector.Research, 0.6f, "Fewer false leads for research searches");

        Assert.Equal(SecondAdminRule.NotVettedToPropose, refused.Error);
        Assert.True(revetted.Succeeded, revetted.Error);
        Assert.True(proposed.Succeeded, proposed.Error);
        await using var check = await after.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var recorded = await check.AuditEntries.SingleAsync(e => e.Action == AuditActions.AdminGrantRecordedAfterwards);
        Assert.Contains("admin grant --existing", recorded.Details);
    }

    private static async Task<ApplicationUser?> FindAsync(InfrastructureHost host, string email)
    {
        using var scope = host.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email);
    }
}
