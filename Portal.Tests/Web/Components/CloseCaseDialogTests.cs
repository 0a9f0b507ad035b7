using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Domain.Cases;
using Portal.Domain.Common;
using Portal.Domain.Identity;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;
using Portal.Web.Components.Cases;

namespace Portal.Tests.Web.Components;

/// <summary>The close-case dialog over a real database: an outcome is required, "Other" needs a note, a valid closing lands.</summary>
public sealed class CloseCaseDialogTests : PortalComponentTest, IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private InfrastructureHost _host = default!;
    private Guid _case;

    public async Task InitializeAsync()
    {
        _host = await InfrastructureHost.StartAsync(_data.Path, seedDemoData: true);
        var staff = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.ThornStaff);
        _case = (await ReviewScenario.SearchedCaseAsync(_host.Services, staff, "TH-DIALOG", candidates: 1)).CaseId;
        Services.AddSingleton(_host.Get<CaseClosureService>());
        SignIn(Principal(staff.UserId, staff.Name, Roles.PartnerStaff));
    }

    [Fact]
    public async Task TheOutcomeOtherNeedsANoteAndNothingIsClosedWithoutOne()
    {
        var provider = Render<MudDialogProvider>();
        await ShowAsync();

        await provider.Find("input[data-testid=outcome-Other]").ClickAsync(new());
        await provider.Find("[data-testid=confirm-close]").ClickAsync(new());

        provider.WaitForAssertion(() => Assert.Contains("Say in the note how the case ended", provider.Find("[data-testid=close-error]").TextContent));
        Assert.Null(await ClosedAtAsync());
    }

    [Fact]
    public async Task AnOutcomeIsRequired()
    {
        var provider = Render<MudDialogProvider>();
        await ShowAsync();

        await provider.Find("[data-testid=confirm-close]").ClickAsync(new());

        provider.WaitForAssertion(() => Assert.Equal("Choose how the case ended.", provider.Find("[data-testid=close-error]").TextContent));
    }

    [Fact]
    public async Task AValidClosingLandsWithItsOutcome()
    {
        var provider = Render<MudDialogProvider>();
        await ShowAsync();

        await provider.Find("input[data-testid=outcome-Reunited]").ClickAsync(new());
        await provider.Find("[data-testid=confirm-close]").ClickAsync(new());

        for (var i = 0; i < 50 && await ClosedAtAsync() is null; i++)
            await Task.Delay(100);
        await using var db = await _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.Equal(CaseOutcome.Reunited, (await db.Cases.SingleAsync(c => c.Id == _case)).Outcome);
    }

    private Task ShowAsync() => Renderer.Dispatcher.InvokeAsync(() =>
        Services.GetRequiredService<IDialogService>().ShowAsync<CloseCaseDialog>("test", new DialogParameters<CloseCaseDialog> { { d => d.CaseId, _case } }));

    private async Task<DateTimeOffset?> ClosedAtAsync()
    {
        await using var db = await _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.Cases.Where(c => c.Id == _case).Select(c => c.ClosedAt).SingleAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }
}
