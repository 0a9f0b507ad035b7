using Bunit;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Domain.Identity;
using Portal.Domain.Organisations;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Moratoria;
using Portal.Tests.Support;
using Portal.Web.Components.Moratoria;

namespace Portal.Tests.Web.Components;

/// <summary>The moratorium editor refuses what the domain refuses, and says why, before anything is stored.</summary>
public sealed class MoratoriumEditorTests : PortalComponentTest, IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private InfrastructureHost _host = default!;

    public async Task InitializeAsync()
    {
        _host = await InfrastructureHost.StartAsync(_data.Path, seedDemoData: true);
        Services.AddSingleton(_host.Get<MoratoriumSchedule>());
        using var scope = _host.Services.CreateScope();
        var admin = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(TestAccounts.AdminEmail);
        SignIn(Principal(admin!.Id, TestAccounts.AdminEmail, Roles.PlatformAdmin));
    }

    [Fact]
    public async Task AnEndBeforeTheStartIsRefused()
    {
        var provider = await ShowAsync(Model(start: new DateTime(2027, 3, 1, 9, 0, 0), end: new DateTime(2027, 2, 1, 9, 0, 0), reason: "pause"));

        await provider.Find("[data-testid=save]").ClickAsync(new());

        provider.WaitForAssertion(() => Assert.Contains("The end must be after the start.", provider.Find("[data-testid=dialog-error]").TextContent));
        Assert.DoesNotContain(await _host.Get<MoratoriumSchedule>().AllAsync(), m => m.Title == "Editor test");
    }

    [Fact]
    public async Task AReasonIsRequired()
    {
        var provider = await ShowAsync(Model(start: new DateTime(2027, 3, 1, 9, 0, 0), end: new DateTime(2027, 4, 1, 9, 0, 0), reason: ""));

        await provider.Find("[data-testid=save]").ClickAsync(new());

        provider.WaitForAssertion(() => Assert.Contains("Give a reason", provider.Find("[data-testid=dialog-error]").TextContent));
        Assert.DoesNotContain(await _host.Get<MoratoriumSchedule>().AllAsync(), m => m.Title == "Editor test");
    }

    [Fact]
    public async Task ASoundDraftWithAReasonIsSavedWithItsRevision()
    {
        var provider = await ShowAsync(Model(start: new DateTime(2027, 3, 1, 9, 0, 0), end: new DateTime(2027, 4, 1, 9, 0, 0), reason: "board decision"));

        await provider.Find("[data-testid=save]").ClickAsync(new());

        var saved = await WaitForAsync(async () => (await _host.Get<MoratoriumSchedule>().AllAsync()).SingleOrDefault(m => m.Title == "Editor test"));
        Assert.Equal(new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.Zero), saved.StartsAt);
        Assert.Equal("board decision", saved.Revisions.Single().Reason);
    }

    [Fact]
    public async Task ThePreviewNamesTheApprovedOrganisationsTheChangeWouldBlock()
    {
        var model = Model(start: new DateTime(2020, 1, 1), end: null, reason: "");
        model.Sectors = [Sector.AntiTraffickingNonprofit];

        var provider = await ShowAsync(model);

        provider.WaitForAssertion(() => Assert.Contains("Marinus Analytics", provider.Find("[data-testid=preview-blocked]").TextContent));
    }

    private async Task<IRenderedComponent<MudDialogProvider>> ShowAsync(MoratoriumFormModel model)
    {
        Render<MudPopoverProvider>();
        var provider = Render<MudDialogProvider>();
        await Renderer.Dispatcher.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<MoratoriumEditorDialog>("New",
            new DialogParameters<MoratoriumEditorDialog> { { d => d.Model, model }, { d => d.Zone, TimeZoneInfo.Utc } }));
        return provider;
    }

    private static MoratoriumFormModel Model(DateTime start, DateTime? end, string reason) => new()
    {
        Title = "Editor test", Sectors = [Sector.OtherGovernment], StartLocal = start, EndLocal = end,
        UntilFurtherNotice = end is null, PublicStatement = "A statement.", Reason = reason,
    };

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe) where T : class
    {
        for (var i = 0; i < 50; i++)
        {
            if (await probe() is { } found)
                return found;
            await Task.Delay(100);
        }
        throw new TimeoutException("The change was not saved.");
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }
}
