using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Web.EndToEnd;

/// <summary>A keyboard-only user (WCAG 2.1.1, 2.4.7): every control reached with Tab shows where focus is, and works.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class KeyboardTests(BrowserFixture browser) : IAsyncLifetime
{
    private PortalServer _server = default!;

    public Task InitializeAsync()
    {
        _server = PortalServer.Start(factory => factory.Settings["Portal:Security:RequireTwoFactorForAdmins"] = "false");
        return Task.CompletedTask;
    }

    [Fact]
    public async Task TheSignInPageShowsFocusOnEveryControlAndSignsInFromTheKeyboard()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(_server.Url("/Account/Login"));

        var seen = new List<FocusRing.Seen>();
        for (var i = 0; i < 8; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await FocusRing.OfFocusedAsync(page);
            if (focused.Element.StartsWith("body", StringComparison.Ordinal))
                break; // past the last control, focus has left the page
            seen.Add(focused);
        }

        AssertAllVisible(seen);
        foreach (var control in new[] { "button \"Sign in\"", "a \"Send the link again\"", "a \"Apply to become a partner\"", "a \"the public statement\"" })
            Assert.Contains(seen, s => s.Element == control);

        await page.GetByLabel("Email").FillAsync(TestAccounts.ThornStaff);
        await page.GetByLabel("Password").FillAsync(TestAccounts.DemoPassword);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("button \"Sign in\"", (await FocusRing.OfFocusedAsync(page)).Element);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(ColorScheme.Light)]
    [InlineData(ColorScheme.Dark)]
    public async Task TheTopBarAndMenuShowFocusAndWorkFromTheKeyboard(ColorScheme scheme)
    {
        var page = await browser.NewPageAsync();
        await page.EmulateMediaAsync(new() { ColorScheme = scheme });
        await page.SignInAsync(_server, TestAccounts.ThornStaff, TestAccounts.DemoPassword);
        await page.WaitForCircuitAsync();

        // From the top of the page through the top bar and every menu link, the current one ("Home") included.
        var seen = new List<FocusRing.Seen>();
        await FocusRing.FromTopAsync(page);
        for (var i = 0; i < 11; i++) // the skip link comes first
        {
            await page.Keyboard.PressAsync("Tab");
            if (await FocusRing.FocusedMatchesAsync(page, ".mud-appbar *, .mud-drawer *"))
                seen.Add(await FocusRing.OfFocusedAsync(page));
        }

        AssertAllVisible(seen);
        foreach (var control in new[] { "button \"Show or hide navigation\"", "button \"Account menu\"", "button \"Sign out\"", "a \"Home\"", "a \"Galleries\"" })
            Assert.Contains(seen, s => s.Element.StartsWith(control, StringComparison.Ordinal));

        await FocusRing.FromTopAsync(page);
        await FocusRing.TabToAsync(page, "button[aria-label='Account menu']");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByText("Account and security")).ToBeVisibleAsync();

        // A fresh page, so the open menu's overlay does not stand between the keyboard and the navigation.
        await page.GotoAsync(_server.Url("/"));
        await page.WaitForCircuitAsync();
        await FocusRing.FromTopAsync(page);
        await FocusRing.TabToAsync(page, "a[href='/galleries']");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Galleries" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task TheFirstTabShowsASkipLinkThatTakesFocusPastTheBarAndMenuToThePage()
    {
        var page = await browser.NewPageAsync();
        await page.SignInAsync(_server, TestAccounts.ThornStaff, TestAccounts.DemoPassword);
        await page.GotoAsync(_server.Url("/galleries"));
        await page.WaitForCircuitAsync();
        await FocusRing.FromTopAsync(page);

        await page.Keyboard.PressAsync("Tab");
        var skip = await FocusRing.OfFocusedAsync(page);
        Assert.Equal("a \"Skip to the page content\"", skip.Element);
        Assert.True(skip.Visible, $"The skip link shows no focus: {skip.Detail}");
        await page.Keyboard.PressAsync("Enter");

        // Focus lands on the page's main landmark, so the next Tab is inside the page, not in the bar or the menu.
        await Assertions.Expect(page.Locator("main#main")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        Assert.True(await FocusRing.FocusedMatchesAsync(page, "main *"), (await FocusRing.OfFocusedAsync(page)).Element);
        Assert.Equal(1, await page.Locator("main").CountAsync());
    }

    [Fact]
    public async Task TheChoosePhotosPickerShowsFocusAndOpensTheFileChooserFromTheKeyboard()
    {
        var galleryId = await SeedGalleryAsync();
        var page = await browser.NewPageAsync();
        // Listening from the start: a listener added just before the key press can reach the browser after it, and
        // the chooser then opens unseen (the test failed so once in CI under load).
        var chooser = new TaskCompletionSource<IFileChooser>(TaskCreationOptions.RunContinuationsAsynchronously);
        page.FileChooser += (_, opened) => chooser.TrySetResult(opened);
        await page.SignInAsync(_server, TestAccounts.ThornStaff, TestAccounts.DemoPassword);
        await page.GotoAsync(_server.Url($"/galleries/{galleryId}"));
        await page.WaitForCircuitAsync();

        await FocusRing.FromTopAsync(page);
        await Assertions.Expect(page.Locator("#photo-input")).ToBeEnabledAsync(); // usable once interactive
        await FocusRing.TabToAsync(page, "#photo-input");
        var label = await FocusRing.OfAsync(page.Locator("label[for='photo-input']"));
        Assert.True(label.Visible, $"The \"Choose photos\" label shows no focus while its input has it: {label.Detail}");

        await page.Keyboard.PressAsync("Space");
        Assert.True((await chooser.Task.WaitAsync(TimeSpan.FromSeconds(20))).IsMultiple);
    }

    private async Task<Guid> SeedGalleryAsync()
    {
        var staff = await ReviewScenario.ActorAsync(_server.Services, TestAccounts.ThornStaff);
        await ReviewScenario.SearchedCaseAsync(_server.Services, staff, "KB-1", 1);
        await using var db = await _server.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.Galleries.Where(g => g.Name == "KB-1 gallery").Select(g => g.Id).SingleAsync();
    }

    private static void AssertAllVisible(IReadOnlyList<FocusRing.Seen> seen)
    {
        Assert.NotEmpty(seen);
        var hidden = seen.Where(s => !s.Visible).Select(s => $"{s.Element}: {s.Detail}").ToList();
        Assert.True(hidden.Count == 0, "Focus is not visible on:\n" + string.Join("\n", hidden));
    }

    public async Task DisposeAsync()
    {
        await browser.CloseContextsAsync();
        await _server.DisposeAsync();
    }
}
