using Microsoft.Playwright;
using Portal.Tests.Support;

namespace Portal.Tests.Web.EndToEnd;

/// <summary>The portal's main job in a real browser: a gallery indexed with live progress, a case with results.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class SearchTests(BrowserFixture browser) : IAsyncLifetime
{
    private PortalServer _server = default!;

    public Task InitializeAsync()
    {
        _server = PortalServer.Start(factory => factory.Settings["Portal:Security:RequireTwoFactorForAdmins"] = "false");
        return Task.CompletedTask;
    }

    [FaceFact]
    public async Task ThornIndexesTheLabelledPhotosAndFindsObamaAndBidenButNoOneForTheChild()
    {
        var page = await browser.NewPageAsync();
        page.SetDefaultTimeout(60_000);
        await page.SignInAsync(_server, TestAccounts.ThornStaff, TestAccounts.DemoPassword);
        await page.GotoAsync(_server.Url("/galleries"));
        await page.WaitForCircuitAsync();
        await page.GetByTestId("new-gallery").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByTestId("gallery-name").FillAsync("Labelled people");
        await dialog.GetByTestId("gallery-source").FillAsync("Reunification centre intake");
        await dialog.GetByTestId("create-gallery").ClickAsync();
        // The dialog navigates inside the circuit (no new document): wait for the address, not for a load event.
        await page.WaitForURLAsync(url => url.Contains("/galleries/", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        await page.WaitForCircuitAsync();

        var photos = FaceEngineFixture.People().Select(p => SharedFaces.File(p.Path)).ToArray();
        await page.ChoosePhotosAsync(photos);

        var rows = page.GetByTestId("batch-row");
        await Assertions.Expect(rows).ToHaveCountAsync(photos.Length);
        // Live progress: every row ends indexed (leonard5's face is cut off: no usable face) without a reload.
        await Assertions.Expect(page.GetByTestId("batch-status").Filter(new() { HasTextRegex = new("Indexed with 1 face") }))
            .ToHaveCountAsync(photos.Length - 1, new() { Timeout = 180_000 });
        await Assertions.Expect(rows.Filter(new() { HasText = "leonard5.png" }).GetByTestId("batch-status")).Not.ToHaveTextAsync("Queued");

        await page.GotoAsync(_server.Url("/cases/new"));
        await page.WaitForCircuitAsync();
        await page.GetByTestId("case-reference").FillAsync("MC-2026-0042");
        // The purpose has no default (issue 13, confusion 8): the search is filed only under a purpose chosen here.
        await page.GetByTestId("case-purpose").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Finding missing children" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Option, new() { Name = "Finding missing children" })).ToBeHiddenAsync();
        await page.GetByTestId("gallery-Labelled people").CheckAsync();
        await page.ChoosePhotosAsync(SharedFaces.File("groups/obama_and_biden.jpg"));
        await Assertions.Expect(page.GetByTestId("probe-file")).ToHaveTextAsync("obama_and_biden.jpg");
        await page.GetByTestId("submit-case").ClickAsync();

        await page.WaitForURLAsync(url => url.Contains("/cases/", StringComparison.Ordinal) && !url.EndsWith("/new", StringComparison.Ordinal),
            new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(page.GetByTestId("probe-state")).ToHaveTextAsync("Done", new() { Timeout = 60_000 });
        var faces = page.GetByTestId("probe-face");
        await Assertions.Expect(faces).ToHaveCountAsync(3);
        // Each panel names its probe photo (issue 13, confusion 5).
        await Assertions.Expect(page.GetByTestId("probe-face-name")).ToHaveTextAsync(
            ["Probe face 1 in obama_and_biden.jpg", "Probe face 2 in obama_and_biden.jpg", "Probe face 3 in obama_and_biden.jpg"]);
        await Assertions.Expect(page.GetByTestId("lead-notice")).ToBeVisibleAsync();
        var topImages = await faces.EvaluateAllAsync<string[]>(
            "faces => faces.map(f => f.querySelector('[data-testid=candidate-image]')?.textContent ?? 'none')");
        Assert.Contains(topImages, name => name.StartsWith("obama", StringComparison.Ordinal));
        Assert.Contains(topImages, name => name.StartsWith("biden", StringComparison.Ordinal));
        await Assertions.Expect(page.GetByTestId("no-candidate")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("no-candidate")).ToContainTextAsync("No candidate at or above the threshold");

        var police = await browser.NewPageAsync();
        await police.SignInAsync(_server, TestAccounts.PoliceStaff, TestAccounts.DemoPassword);
        await police.GotoAsync(_server.Url("/cases/new"));
        await Assertions.Expect(police.GetByTestId("moratorium-banner")).ToContainTextAsync("Law-enforcement moratorium");
        await Assertions.Expect(police.GetByTestId("new-case-form")).ToHaveCountAsync(0);
        await police.GotoAsync(_server.Url("/galleries"));
        await Assertions.Expect(police.GetByTestId("moratorium-banner")).ToBeVisibleAsync();
        await Assertions.Expect(police.GetByTestId("new-gallery")).ToHaveCountAsync(0);
    }

    public async Task DisposeAsync()
    {
        await browser.CloseContextsAsync();
        await _server.DisposeAsync();
    }
}
