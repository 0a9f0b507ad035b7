using Bunit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Domain.Auditing;
using Portal.Domain.Identity;
using Portal.Domain.Retention;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Retention;
using Portal.Tests.Support;
using Portal.Web.Components.Retention;

namespace Portal.Tests.Web.Components;

/// <summary>The retention editor refuses what the schedule refuses, says why, and stores nothing until it is sound.</summary>
public sealed class RetentionEditorTests : PortalComponentTest, IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private InfrastructureHost _host = default!;

    public async Task InitializeAsync()
    {
        _host = await InfrastructureHost.StartAsync(_data.Path);
        Services.AddSingleton(_host.Get<RetentionSchedule>());
        using var scope = _host.Services.CreateScope();
        var admin = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(TestAccounts.AdminEmail);
        SignIn(Principal(admin!.Id, TestAccounts.AdminEmail, Roles.PlatformAdmin));
    }

    [Fact]
    public async Task AReasonIsRequired()
    {
        var provider = await ShowAsync("14", "");

        await provider.Find("[data-testid=save]").ClickAsync(new());

        provider.WaitForAssertion(() => Assert.Contains("Give a reason", provider.Find("[data-testid=dialog-error]").TextContent));
        Assert.Equal(30, await ProbePhotoDaysAsync());
    }

    [Fact]
    public async Task AnEmptyPeriodIsRefusedWithWordsNotAnError()
    {
        var provider = await ShowAsync("", "shorter");

        await provider.Find("[data-testid=save]").ClickAsync(new());

        provider.WaitForAssertion(() => Assert.Contains("Give the number of days", provider.Find("[data-testid=dialog-error]").TextContent));
        Assert.Equal(30, await ProbePhotoDaysAsync());
    }

    [Fact]
    public async Task APeriodBeyondTheLimitIsRefused()
    {
        var provider = await ShowAsync((RetentionPolicy.MaxDays + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), "longer");

        await provider.Find("[data-testid=save]").ClickAsync(new());

        provider.WaitForAssertion(() => Assert.Contains($"0 to {RetentionPolicy.MaxDays} days", provider.Find("[data-testid=dialog-error]").TextContent));
        Assert.Equal(30, await ProbePhotoDaysAsync());
    }

    [Fact]
    public async Task ProbePhotosAreNeverKeptPastThreeYears()
    {
        var provider = await ShowAsync("1096", "a partner asked for longer");

        await provider.Find("[data-testid=save]").ClickAsync(new());

        provider.WaitForAssertion(() => Assert.Contains("at most 1095 days", provider.Find("[data-testid=dialog-error]").TextContent));
        Assert.Equal(30, await ProbePhotoDaysAsync());
        await using var db = await _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.RetentionRefused && e.Target == "retention:ProbePhotos"));
    }

    [Fact]
    public async Task ASoundChangeIsSavedWithItsRevision()
    {
        var provider = await ShowAsync("14", "Partners asked for less");

        await provider.Find("[data-testid=save]").ClickAsync(new());

        provider.WaitForAssertion(() => Assert.Empty(provider.FindAll("[data-testid=dialog-error]")));
        Assert.Equal(14, await ProbePhotoDaysAsync());
        Assert.Equal("Partners asked for less", (await _host.Get<RetentionSchedule>().HistoryAsync())[0].Reason);
    }

    private async Task<int> ProbePhotoDaysAsync() =>
        (await _host.Get<RetentionSchedule>().RulesAsync()).Single(r => r.Kind == DataKind.ProbePhotos).MaxDays;

    /// <summary>Opens the editor for probe photos and types <paramref name="days"/> (empty: cleared) and the reason.</summary>
    private async Task<IRenderedComponent<MudDialogProvider>> ShowAsync(string days, string reason)
    {
        var rule = (await _host.Get<RetentionSchedule>().RulesAsync()).Single(r => r.Kind == DataKind.ProbePhotos);
        Render<MudPopoverProvider>();
        var provider = Render<MudDialogProvider>();
        await Renderer.Dispatcher.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<RetentionEditorDialog>("Change",
            new DialogParameters<RetentionEditorDialog> { { d => d.Rule, rule } }));
        await provider.Find("input[data-testid=days]").ChangeAsync(new() { Value = days });
        await provider.Find("textarea[data-testid=reason]").ChangeAsync(new() { Value = reason });
        return provider;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }
}
