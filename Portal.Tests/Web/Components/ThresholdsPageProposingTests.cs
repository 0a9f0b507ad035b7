using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Common;
using Portal.Domain.Identity;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Common;
using Portal.Infrastructure.Users;
using Portal.Tests.Support;
using Portal.Web.Components.Pages.Admin;

namespace Portal.Tests.Web.Components;

/// <summary>
/// Proposing on /admin/thresholds as an admin sees it: the proposal shows at once, a refusal is said under the form,
/// and the value field starts at the value in force (a browser walk found all three wrong).
/// </summary>
public sealed class ThresholdsPageProposingTests : PortalComponentTest, IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private InfrastructureHost _host = default!;

    public async Task InitializeAsync()
    {
        _host = await InfrastructureHost.StartAsync(_data.Path);
        await GovernedThresholds.EnsureAdminsAsync(_host.Services);
        foreach (var service in new[] { typeof(ThresholdService), typeof(ThresholdProposals), typeof(ThresholdHistory), typeof(UserAdministration),
                     typeof(AdminGrants), typeof(Notifier<ThresholdsChanged>), typeof(Notifier<AdminGrantsChanged>), typeof(TimeProvider) })
            Services.AddSingleton(service, _host.Services.GetRequiredService(service));
        var admin = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.AdminEmail);
        SignIn(Principal(admin.UserId, admin.Name, Roles.PlatformAdmin));
    }

    [Fact]
    public async Task TheValueFieldStartsAtTheDefaultInForce()
    {
        await GovernedThresholds.SetAsync(_host.Services, null, 0.45f);
        var page = Render<ThresholdsPage>();

        page.WaitForAssertion(() => Assert.Equal("0.45", ValueField(page).GetAttribute("value")));
    }

    [Fact]
    public void AProposalMadeOnThePageShowsAsWaitingAtOnce()
    {
        var page = Render<ThresholdsPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=no-pending]")));

        ValueField(page).Change("0.47");
        ReasonField(page).Change("The spring evaluation set showed false matches at 0.40");
        page.Find("button[data-testid=propose]").Click();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=withdraw]")));
        Assert.Empty(page.FindAll("[data-testid=no-pending]"));
        Assert.Empty(page.FindAll("[data-testid=propose-error]"));
    }

    [Fact]
    public void AValueBelowTheLowestDefaultIsRefusedInWordsUnderTheFormNotRaisedQuietly()
    {
        var page = Render<ThresholdsPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=no-pending]")));

        ValueField(page).Change("0.10");
        ReasonField(page).Change("The spring evaluation set showed false matches at 0.40");
        page.Find("button[data-testid=propose]").Click();

        page.WaitForAssertion(() => Assert.Equal("The default lies between 0.20 and 0.95.", page.Find("[data-testid=propose-error] .mud-alert-message").TextContent.Trim()));
        Assert.NotNull(page.Find("[data-testid=no-pending]"));
    }

    private static AngleSharp.Dom.IElement ValueField(IRenderedComponent<ThresholdsPage> page) =>
        page.Find("input[data-testid=propose-value], [data-testid=propose-value] input");

    private static AngleSharp.Dom.IElement ReasonField(IRenderedComponent<ThresholdsPage> page) =>
        page.Find("textarea[data-testid=propose-reason], [data-testid=propose-reason] textarea");

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeComponentsAsync();
        await _host.DisposeAsync();
        _data.Dispose();
    }
}
