using Microsoft.Playwright;
using Portal.Domain.Organisations;
using Portal.Domain.Review;
using Portal.Domain.Transparency;
using Portal.Infrastructure.Face;
using Portal.Tests.Infrastructure.Transparency;
using Portal.Tests.Support;

namespace Portal.Tests.Web.EndToEnd;

/// <summary>
/// Issue 17 in a real browser, signed out: /transparency shows a seeded history of the two quarters before this one
/// (small counts as "&lt; 5"), both charts with their tables, and downloads that name no one; /accountability shows the
/// model hashes and counts the evaluation groups it may not show.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class TransparencyPageTests(BrowserFixture browser) : IAsyncLifetime
{
    private const Sector A = Sector.ChildProtectionNonprofit;
    private const Sector B = Sector.LawEnforcement;
    private static readonly Quarter Reviewed = Quarter.LastCompleted(DateTimeOffset.UtcNow, 1)[0];
    private static readonly Quarter Searched = Reviewed.Previous;
    private PortalServer _server = default!;

    public async Task InitializeAsync()
    {
        _server = PortalServer.Start();
        // As TransparencyReportTests seeds it, in completed quarters: six child-protection organisations approved, one of
        // them searching six cases of two candidates; one police department with two cases and one candidate.
        var seed = new TransparencySeed(_server.Services);
        var organisations = new List<Guid>();
        for (var i = 0; i < 6; i++)
            organisations.Add(await seed.ApprovedAsync($"Seeded child org {i}", A, Searched.Start.AddDays(4 + i)));
        var staff = await seed.StaffAsync(organisations[0], "seeded-staff@a1.test");
        var found = Searched.Start.AddDays(40);
        var candidates = new List<Guid>();
        for (var i = 0; i < 6; i++)
            candidates.AddRange((await seed.SearchedCaseAsync(staff, $"SEEDED-A-{i}", 2, found)).Candidates);
        var police = await seed.ApprovedAsync("Seeded police department", B, Searched.Start.AddDays(20));
        var officer = await seed.StaffAsync(police, "seeded-officer@b1.test");
        var policeCase = await seed.SearchedCaseAsync(officer, "SEEDED-B-0", 1, found);
        await seed.SearchedCaseAsync(officer, "SEEDED-B-1", 0, found);
        // Reviewed the next quarter: seven confirmed (six and one), two rejected.
        for (var i = 0; i < 6; i++)
            await seed.ReviewAsync(candidates[i], ReviewVerdict.Confirm, ReviewVerdict.Confirm, Reviewed.Start.AddDays(3).AddHours(i));
        for (var i = 6; i < 8; i++)
            await seed.ReviewAsync(candidates[i], ReviewVerdict.Reject, ReviewVerdict.Reject, Reviewed.Start.AddDays(4));
        await seed.ReviewAsync(policeCase.Candidates[0], ReviewVerdict.Confirm, ReviewVerdict.Confirm, Reviewed.Start.AddDays(5));
        // An evaluation of six people: by sex five and one; the column is withheld whole (five and the overall would show the one).
        await SeededEvaluations.AddCompletedAsync(_server.Services, "Seeded evaluation set",
            SeededEvaluations.Report(6, 2, SeededEvaluations.Group("sex", "f", 5, 2), SeededEvaluations.Group("sex", "m", 1, 2)), DateTimeOffset.UtcNow.AddHours(-1));
    }

    [Fact]
    public async Task AVisitorReadsTheSeededQuartersChartsAndDownloadsAndTheAccountabilityReport()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(_server.Url("/transparency"));

        await Expect(page, Searched, A, "organisations-approved", "6");
        await Expect(page, Searched, B, "organisations-approved", SmallCount.Suppressed);
        await Expect(page, Searched, A, "probes-searched", "6");
        await Expect(page, Searched, A, "candidates-produced", "12");
        await Expect(page, Searched, B, "candidates-produced", SmallCount.Suppressed);
        await Expect(page, Reviewed, A, "candidates-confirmed", "6");
        await Expect(page, Reviewed, A, "candidates-rejected", SmallCount.Suppressed);
        await Expect(page, Reviewed, B, "candidates-confirmed", SmallCount.Suppressed);
        foreach (var (chart, quarter, cells) in new[]
                 {
                     ("chart-searches", Searched, new[] { "≥ 7", "≥ 13" }),
                     ("chart-reviews", Reviewed, new[] { "≥ 7", "≥ 1", "0" }),
                 })
        {
            var section = page.GetByTestId(chart);
            Assert.True(await section.Locator("svg .mud-chart-bar").CountAsync() > 0, $"The chart {chart} drew no bars.");
            var row = section.Locator("tbody tr").Filter(new() { Has = page.Locator($"th:text-is('{quarter.Label}')") });
            await Assertions.Expect(row.Locator("td")).ToHaveTextAsync(cells);
        }
        await Assertions.Expect(page.GetByTestId("figures-not-shown")).ToHaveTextAsync("sex: not shown, a value has fewer than 5 people");
        await Assertions.Expect(page.Locator("a[href='accountability']").First).ToBeVisibleAsync();

        await ExpectDownloadAsync(page, "/transparency.csv", "text/csv", $"{Searched.Label},{A},candidates-produced,Candidates produced,12");
        await ExpectDownloadAsync(page, "/transparency.json", "application/json", "\"measure\": \"candidates-produced\",\n      \"value\": \"12\"");

        await page.GotoAsync(_server.Url("/accountability"));
        foreach (var hash in ModelFiles.Sha256.Values)
            await Assertions.Expect(page.GetByTestId("model").Filter(new() { HasText = hash })).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("figures-not-shown")).ToHaveTextAsync("sex: not shown, a value has fewer than 5 people");
        await Assertions.Expect(page.GetByTestId("latest-test-row")).ToHaveTextAsync([new System.Text.RegularExpressions.Regex("^All pairs")]);
    }

    /// <summary>With the evaluation section and every table filled: axe in light and dark mode, and no sideways scrolling at 320 px.</summary>
    [Fact]
    public async Task TheFilledPagesPassAxeAndFitA320PixelScreen()
    {
        var page = await browser.NewPageAsync();
        var audit = new AxeAudit();
        foreach (var route in new[] { "/transparency", "/accountability" })
            await audit.CheckAsync(page, _server.Url(route), route, "anonymous visitor");
        Assert.True(audit.Findings.Count == 0, string.Join("\n", audit.Findings));

        await page.SetViewportSizeAsync(320, 720);
        foreach (var route in new[] { "/transparency", "/accountability" })
        {
            await page.GotoAsync(_server.Url(route));
            Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= document.documentElement.clientWidth"),
                $"{route} scrolls sideways at 320 px.");
        }
    }

    private static async Task Expect(IPage page, Quarter quarter, Sector sector, string measure, string value) =>
        await Assertions.Expect(page.GetByTestId($"{quarter.Label}|{sector}|{measure}")).ToHaveTextAsync(value);

    /// <summary>A download as a browser fetches it: 200, its type, an attachment, a seeded figure, and no name or e-mail of anyone.</summary>
    private async Task ExpectDownloadAsync(IPage page, string path, string mediaType, string seededFigure)
    {
        var link = page.Locator($"a[href='{path.TrimStart('/')}']");
        await Assertions.Expect(link).ToHaveAttributeAsync("download", "");
        var response = await page.APIRequest.GetAsync(_server.Url(path));
        Assert.Equal(200, response.Status);
        Assert.StartsWith(mediaType, response.Headers["content-type"]);
        Assert.Matches($"^attachment; filename=reunite-transparency-\\d{{4}}-\\d{{2}}-\\d{{2}}\\.{path.Split('.')[^1]}", response.Headers["content-disposition"]);
        var body = (await response.TextAsync()).Replace("\r\n", "\n");
        Assert.Contains(seededFigure, body);
        foreach (var named in new[] { "Seeded child org", "Seeded police", "Seeded evaluation set", "SEEDED-", "Thorn", "Metro City", "@" })
            Assert.DoesNotContain(named, body);
    }

    public async Task DisposeAsync()
    {
        await browser.CloseContextsAsync();
        await _server.DisposeAsync();
    }
}
