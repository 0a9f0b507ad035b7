using Microsoft.Playwright;
using Portal.Tests.Support;

namespace Portal.Tests.Web.EndToEnd;

[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ShellTests(BrowserFixture browser) : IAsyncLifetime
{
    private PortalServer _server = default!;

    public Task InitializeAsync()
    {
        _server = PortalServer.Start();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task AdminSignsInAndSeesTheAdminNavigation()
    {
        var page = await browser.NewPageAsync();

        await page.SignInAsync(_server, TestAccounts.AdminEmail, TestAccounts.AdminPassword);

        // Without an authenticator every admin page would refuse: the menu offers its set-up in their place.
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" });
        await Assertions.Expect(nav.GetByText("Administration")).ToBeVisibleAsync();
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Set up your authenticator" })).ToBeVisibleAsync();
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Users" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Platform administration" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task PartnerStaffDoesNotSeeTheAdminNavigation()
    {
        var page = await browser.NewPageAsync();

        await page.SignInAsync(_server, TestAccounts.ThornStaff, TestAccounts.DemoPassword);

        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" });
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Home" })).ToBeVisibleAsync();
        await Assertions.Expect(nav.GetByText("Administration")).ToHaveCountAsync(0);
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Users" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Searches" })).ToBeVisibleAsync();

        await page.GotoAsync(_server.Url("/admin/users"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not authorised" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task AdminMustEnrolAnAuthenticatorBeforeAdminPagesOpen()
    {
        var page = await browser.NewPageAsync();
        await page.SignInAsync(_server, TestAccounts.AdminEmail, TestAccounts.AdminPassword);

        await Assertions.Expect(page.GetByTestId("authenticator-required")).ToContainTextAsync("Set up an authenticator before you use the admin pages");
        await page.GotoAsync(_server.Url("/admin/users"));
        await Assertions.Expect(page.GetByTestId("authenticator-required")).ToBeVisibleAsync();

        // The refused page's one button leads to the enrolment.
        await page.GetByTestId("set-up-authenticator").ClickAsync();
        // The QR code is inline SVG markup, which the Content-Security-Policy leaves alone.
        await Assertions.Expect(page.GetByTestId("qr-code").Locator("svg")).ToBeVisibleAsync();
        var key = await page.GetByTestId("shared-key").InnerTextAsync();
        await page.GetByLabel("Verification code").FillAsync(Totp.Code(key, DateTimeOffset.UtcNow));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("recovery-codes")).ToBeVisibleAsync();

        await page.GotoAsync(_server.Url("/admin/users"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Users" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" })
            .GetByRole(AriaRole.Link, new() { Name = "Users" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText(TestAccounts.ThornStaff)).ToBeVisibleAsync();
    }

    public async Task DisposeAsync()
    {
        await browser.CloseContextsAsync();
        await _server.DisposeAsync();
    }
}
