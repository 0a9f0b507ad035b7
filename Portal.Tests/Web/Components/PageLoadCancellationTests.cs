using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Identity;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Common;
using Portal.Infrastructure.Identity;
using Portal.Tests.Support;
using Portal.Web.Components.Pages.Admin;

namespace Portal.Tests.Web.Components;

/// <summary>A closed page stops its load: the read takes the page's token, so the database query is cancelled.</summary>
public sealed class PageLoadCancellationTests : PortalComponentTest, IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private readonly StalledReads _stalled = new();
    private InfrastructureHost _host = default!;

    public async Task InitializeAsync()
    {
        _host = await InfrastructureHost.StartAsync(_data.Path, configure: _stalled.AddTo);
        Services.AddSingleton(_host.Get<ThresholdService>());
        Services.AddSingleton(_host.Get<ThresholdProposals>());
        Services.AddSingleton(_host.Get<ThresholdHistory>());
        // The page is live: it listens for other admins' changes and polls on the clock.
        Services.AddSingleton(_host.Get<Notifier<ThresholdsChanged>>());
        Services.AddSingleton(_host.Get<TimeProvider>());
        using var scope = _host.Services.CreateScope();
        var admin = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(TestAccounts.AdminEmail);
        SignIn(Principal(admin!.Id, TestAccounts.AdminEmail, Roles.PlatformAdmin));
    }

    [Fact]
    public async Task DisposingAPageWhileItsLoadIsInFlightCancelsTheLoad()
    {
        _stalled.Armed = true;
        Render<ThresholdsPage>();
        await _stalled.Stalled.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(_stalled.Cancelled.IsCompleted);

        await DisposeComponentsAsync();

        await _stalled.Cancelled.WaitAsync(TimeSpan.FromSeconds(30));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        _stalled.Armed = false;
        await _host.DisposeAsync();
        _data.Dispose();
    }
}
