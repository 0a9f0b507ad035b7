using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Domain.Organisations;
using Portal.Infrastructure.Galleries;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;
using Portal.Web.Components.Pages.Cases;

namespace Portal.Tests.Web.EndToEnd;

/// <summary>
/// Issue 13, confusion 8: the new-search form has no default purpose. A search sent without one files nothing and
/// says why; once a purpose is chosen, under its one name, the case is filed under exactly that purpose.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class NewCasePurposeTests(BrowserFixture browser) : IAsyncLifetime
{
    private PortalServer _server = default!;

    public Task InitializeAsync()
    {
        _server = PortalServer.Start(factory => factory.Settings["Portal:Security:RequireTwoFactorForAdmins"] = "false");
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ASearchWithoutAChosenPurposeFilesNothingAndSaysWhy()
    {
        var staff = await ReviewScenario.ActorAsync(_server.Services, TestAccounts.ThornStaff);
        using var scope = _server.Services.CreateScope();
        var gallery = await scope.ServiceProvider.GetRequiredService<GalleryService>().CreateAsync(staff, new NewGallery("Intake photos", "", "Reception centre"));
        Assert.True(gallery.Succeeded, gallery.Error);

        var page = await browser.NewPageAsync();
        await page.SignInAsync(_server, TestAccounts.ThornStaff, TestAccounts.DemoPassword);
        await page.GotoAsync(_server.Url("/cases/new"));
        await page.WaitForCircuitAsync();
        await page.GetByTestId("case-reference").FillAsync("MC-NO-PURPOSE");
        await page.GetByTestId("gallery-Intake photos").CheckAsync();
        await page.ChoosePhotosAsync(new FilePayload { Name = "probe.jpg", MimeType = "image/jpeg", Buffer = TestImages.Jpeg(320, 240) });
        await Assertions.Expect(page.GetByTestId("probe-file")).ToHaveTextAsync("probe.jpg");

        await page.GetByTestId("submit-case").ClickAsync();

        await Assertions.Expect(page.GetByTestId("case-error")).ToHaveTextAsync(NewCasePage.MissingPurpose);
        Assert.EndsWith("/cases/new", page.Url, StringComparison.Ordinal);
        Assert.Equal(0, await CasesAsync());

        await page.GetByTestId("case-purpose").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Finding trafficking victims" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Option, new() { Name = "Finding trafficking victims" })).ToBeHiddenAsync();
        await page.GetByTestId("submit-case").ClickAsync();

        await page.WaitForURLAsync(url => url.Contains("/cases/", StringComparison.Ordinal) && !url.EndsWith("/new", StringComparison.Ordinal),
            new() { WaitUntil = WaitUntilState.Commit });
        await using var db = await _server.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var filed = await db.Cases.SingleAsync();
        Assert.Equal(Purpose.TraffickingVictim, filed.Purpose);
    }

    private async Task<int> CasesAsync()
    {
        await using var db = await _server.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.Cases.CountAsync();
    }

    public async Task DisposeAsync()
    {
        await browser.CloseContextsAsync();
        await _server.DisposeAsync();
    }
}
