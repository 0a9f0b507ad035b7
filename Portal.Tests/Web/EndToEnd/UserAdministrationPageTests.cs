using Microsoft.Playwright;
using Portal.Tests.Support;

namespace Portal.Tests.Web.EndToEnd;

[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class UserAdministrationPageTests(BrowserFixture browser) : IAsyncLifetime
{
    private PortalServer _server = default!;

    public Task InitializeAsync()
    {
        _server = PortalServer.Start(factory => factory.Settings["Portal:Security:RequireTwoFactorForAdmins"] = "false");
        return Task.CompletedTask;
    }

    [Fact]
    public async Task AdminCreatesAReviewerForThornAndTheyCanSignIn()
    {
        var page = await browser.NewPageAsync();
        await page.SignInAsync(_server, TestAccounts.AdminEmail, TestAccounts.AdminPassword);
        await page.GotoAsync(_server.Url("/admin/users"));
        await page.WaitForCircuitAsync();

        await page.GetByTestId("new-user").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Email").FillAsync("second.reviewer@thorn.example");
        await dialog.GetByLabel("Name").FillAsync("Second Reviewer");
        await dialog.GetByLabel("Initial password").FillAsync("a-long-initial-password");
        await dialog.GetByTestId("role-Reviewer").ClickAsync();
        await dialog.GetByTestId("organisation-select").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Thorn" }).ClickAsync();
        // The list closes once the server has taken the choice; saving before that would race it.
        await Assertions.Expect(page.GetByRole(AriaRole.Option, new() { Name = "Thorn" })).ToBeHiddenAsync();
        await dialog.GetByTestId("save").ClickAsync();

        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "second.reviewer@thorn.example" });
        await Assertions.Expect(row).ToContainTextAsync("Reviewer");
        await Assertions.Expect(row).ToContainTextAsync("Thorn");

        var newcomer = await browser.NewPageAsync();
        await newcomer.SignInAsync(_server, "second.reviewer@thorn.example", "a-long-initial-password");
        await Assertions.Expect(newcomer.GetByRole(AriaRole.Heading, new() { Name = "Review", Exact = true })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task TheDialogRefusesAPartnerRoleWithoutOrganisation()
    {
        var page = await browser.NewPageAsync();
        await page.SignInAsync(_server, TestAccounts.AdminEmail, TestAccounts.AdminPassword);
        await page.GotoAsync(_server.Url("/admin/users"));
        await page.WaitForCircuitAsync();

        await page.GetByTestId("new-user").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Email").FillAsync("orphan@example.org");
        await dialog.GetByLabel("Name").FillAsync("Orphan");
        await dialog.GetByLabel("Initial password").FillAsync("a-long-initial-password");
        await dialog.GetByTestId("role-PartnerStaff").ClickAsync();
        await dialog.GetByTestId("save").ClickAsync();

        await Assertions.Expect(dialog.GetByTestId("dialog-error")).ToContainTextAsync("must belong to an organisation");
    }

    public async Task DisposeAsync()
    {
        await browser.CloseContextsAsync();
        await _server.DisposeAsync();
    }
}
