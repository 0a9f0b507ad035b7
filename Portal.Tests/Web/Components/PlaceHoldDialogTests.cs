using Bunit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Domain.Identity;
using Portal.Domain.Lifecycle;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Lifecycle.Holds;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;
using Portal.Web.Components.Lifecycle;

namespace Portal.Tests.Web.Components;

/// <summary>The place-a-hold dialog says what is missing or wrong, and stores nothing until the hold is sound.</summary>
public sealed class PlaceHoldDialogTests : PortalComponentTest, IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private InfrastructureHost _host = default!;
    private HoldTarget _thorn = default!;

    public async Task InitializeAsync()
    {
        _host = await InfrastructureHost.StartAsync(_data.Path, seedDemoData: true);
        Services.AddSingleton(_host.Get<LegalHolds>());
        using var scope = _host.Services.CreateScope();
        var admin = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(TestAccounts.AdminEmail);
        SignIn(Principal(admin!.Id, TestAccounts.AdminEmail, Roles.PlatformAdmin));
        await using var db = await DbAsync();
        _thorn = new HoldTarget((await db.Organisations.SingleAsync(o => o.Name == "Thorn")).Id, "Thorn");
    }

    [Fact]
    public async Task WithoutATargetItAsksForOneFromTheList()
    {
        var provider = await ShowAsync(new PlaceHoldForm { Scope = HoldScope.Case, Reason = "proceedings", Reference = "Order 17", ReviewLocal = Future });

        await provider.Find("[data-testid=save]").ClickAsync(new());

        provider.WaitForAssertion(() => Assert.Equal("Choose the case to hold from the list.", provider.Find("[data-testid=dialog-error]").TextContent.Trim()));
        Assert.False(await AnyHoldAsync());
    }

    [Fact]
    public async Task AReasonIsRequired()
    {
        var provider = await ShowAsync(Form(reason: " ", review: Future));

        await provider.Find("[data-testid=save]").ClickAsync(new());

        provider.WaitForAssertion(() => Assert.Equal("Give a reason.", provider.Find("[data-testid=dialog-error]").TextContent.Trim()));
        Assert.False(await AnyHoldAsync());
    }

    [Fact]
    public async Task AReviewDateInThePastIsRefused()
    {
        var provider = await ShowAsync(Form(reason: "proceedings", review: new DateTime(2020, 1, 1, 9, 0, 0)));

        await provider.Find("[data-testid=save]").ClickAsync(new());

        provider.WaitForAssertion(() => Assert.Equal("Give a review date in the future.", provider.Find("[data-testid=dialog-error]").TextContent.Trim()));
        Assert.False(await AnyHoldAsync());
    }

    [Fact]
    public async Task ASoundHoldIsStoredPendingConfirmation()
    {
        var provider = await ShowAsync(Form(reason: "proceedings", review: Future));

        await provider.Find("[data-testid=save]").ClickAsync(new());

        await WaitUntilAsync(AnyHoldAsync);
        await using var db = await DbAsync();
        var hold = await db.LegalHolds.SingleAsync();
        Assert.Equal((HoldScope.Organisation, _thorn.Id, "Order 17"), (hold.Scope, hold.TargetId, hold.Reference));
        Assert.Null(hold.ConfirmedAt);
    }

    private static DateTime Future => DateTime.UtcNow.Date.AddYears(1);

    private PlaceHoldForm Form(string reason, DateTime review) =>
        new() { Scope = HoldScope.Organisation, Target = _thorn, Reason = reason, Reference = "Order 17", ReviewLocal = review };

    private async Task<IRenderedComponent<MudDialogProvider>> ShowAsync(PlaceHoldForm form)
    {
        Render<MudPopoverProvider>();
        var provider = Render<MudDialogProvider>();
        await Renderer.Dispatcher.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<PlaceHoldDialog>("Place",
            new DialogParameters<PlaceHoldDialog> { { d => d.Model, form }, { d => d.Zone, TimeZoneInfo.Utc } }));
        return provider;
    }

    private async Task<bool> AnyHoldAsync()
    {
        await using var db = await DbAsync();
        return await db.LegalHolds.AnyAsync();
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> probe)
    {
        for (var i = 0; i < 50 && !await probe(); i++)
            await Task.Delay(100);
        Assert.True(await probe(), "The hold was not stored.");
    }

    private Task<PortalDbContext> DbAsync() => _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }
}
