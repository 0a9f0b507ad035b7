using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Common;
using Portal.Domain.Identity;
using Portal.Domain.Organisations;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Common;
using Portal.Infrastructure.Users;
using Portal.Tests.Support;
using Portal.Web.Components.Pages.Admin;

namespace Portal.Tests.Web.Components;

/// <summary>
/// An open /admin/thresholds or /admin/users page shows what another admin did (a proposal made, withdrawn or confirmed;
/// a grant of the admin role asked for or confirmed) without a reload: the services publish, the pages listen.
/// </summary>
public sealed class LiveGovernancePagesTests : PortalComponentTest, IAsyncLifetime
{
    private const string Reason = "Fewer false leads in research use";
    private readonly TempDirectory _data = new();
    private InfrastructureHost _host = default!;
    private Actor _viewer = default!;

    public async Task InitializeAsync()
    {
        _host = await InfrastructureHost.StartAsync(_data.Path);
        await GovernedThresholds.EnsureAdminsAsync(_host.Services);
        foreach (var service in new[] { typeof(ThresholdService), typeof(ThresholdProposals), typeof(ThresholdHistory), typeof(UserAdministration),
                     typeof(AdminGrants), typeof(Notifier<ThresholdsChanged>), typeof(Notifier<AdminGrantsChanged>), typeof(TimeProvider) })
            Services.AddSingleton(service, _host.Services.GetRequiredService(service));
        _viewer = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.AdminEmail);
        SignIn(Principal(_viewer.UserId, _viewer.Name, Roles.PlatformAdmin));
    }

    [Fact]
    public async Task AProposalByAnotherAdminAppearsAndGoesWithoutAReload()
    {
        var page = Render<ThresholdsPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=no-pending]")));

        var proposed = await _host.Get<ThresholdProposals>().ProposeAsync(GovernedThresholds.Proposer, Sector.Research, 0.6f, Reason);

        page.WaitForAssertion(() => Assert.NotNull(page.Find($"[data-testid=proposal-{proposed.Value}] [data-testid=confirm]")));
        Assert.True((await _host.Get<ThresholdProposals>().WithdrawAsync(GovernedThresholds.Proposer, proposed.Value)).Succeeded);
        page.WaitForAssertion(() => Assert.Empty(page.FindAll($"[data-testid=proposal-{proposed.Value}]")));
    }

    [Fact]
    public async Task AChangeConfirmedByAnotherAdminShowsInForceAndInTheHistory()
    {
        var page = Render<ThresholdsPage>();
        var proposed = await _host.Get<ThresholdProposals>().ProposeAsync(_viewer, Sector.Research, 0.6f, Reason);
        page.WaitForAssertion(() => Assert.NotNull(page.Find($"[data-testid=proposal-{proposed.Value}] [data-testid=withdraw]")));

        Assert.True((await _host.Get<ThresholdProposals>().ConfirmAsync(GovernedThresholds.OtherAdmin, proposed.Value)).Succeeded);

        page.WaitForAssertion(() => Assert.Equal("0.60", page.Find("[data-testid=threshold-Research]").TextContent));
        Assert.Contains(Reason, page.Find("[data-testid=threshold-history]").TextContent);
        Assert.NotNull(page.Find("[data-testid=no-pending]"));
    }

    [Fact]
    public async Task AGrantAskedForByAnotherAdminAppearsOnTheUsersPageReadyToConfirmAndGoesOnceConfirmed()
    {
        var page = Render<Users>();
        page.WaitForAssertion(() => Assert.Contains(TestAccounts.AdminEmail, page.Markup));
        Assert.Empty(page.FindAll("[data-testid=confirm-grant]"));

        var (account, _) = await AdminAccounts.AskAsync(_host.Services, GovernedThresholds.Proposer, "asked@reunite.example");
        var grant = await AdminAccounts.PendingGrantAsync(_host.Services, _viewer, account);

        page.WaitForAssertion(() => Assert.NotNull(page.Find($"[data-testid=grant-{grant}] [data-testid=confirm-grant]")));
        Assert.Contains("asked@reunite.example", page.Find($"[data-testid=grant-{grant}]").TextContent);
        Assert.True((await _host.Get<AdminGrants>().ConfirmAsync(GovernedThresholds.OtherAdmin, grant)).Succeeded);
        page.WaitForAssertion(() => Assert.Empty(page.FindAll($"[data-testid=grant-{grant}]")));
    }

    [Fact]
    public async Task TheAdminWhoAskedSeesWhyTheyCannotConfirmAndMayCancel()
    {
        var page = Render<Users>();
        var (account, _) = await AdminAccounts.AskAsync(_host.Services, _viewer, "mine@reunite.example");
        var grant = await AdminAccounts.PendingGrantAsync(_host.Services, _viewer, account);

        page.WaitForAssertion(() => Assert.Contains("You asked for this", page.Find($"[data-testid=grant-{grant}] [data-testid=own-grant]").TextContent));
        Assert.Empty(page.FindAll($"[data-testid=grant-{grant}] [data-testid=confirm-grant]"));
        page.Find($"[data-testid=grant-{grant}] [data-testid=cancel-grant]").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll($"[data-testid=grant-{grant}]")));
        Assert.Empty((await _host.Get<AdminGrants>().PendingAsync(_viewer)).Value!);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeComponentsAsync();
        await _host.DisposeAsync();
        _data.Dispose();
    }
}
