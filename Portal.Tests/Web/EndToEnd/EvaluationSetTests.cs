using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Domain.Queue;
using Portal.Infrastructure.Evaluations;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Web.EndToEnd;

/// <summary>
/// Issue 17 in a real browser: the platform admin uploads a labelled set built from the shared faces (made-up group
/// column grp), sees it wait on the queue with its progress (on its page and on /admin/queue), watches it complete
/// without a reload, reads the per-group table and downloads the JSON; the set's folder is gone afterwards.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class EvaluationSetTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly TempDirectory _work = new();
    private PortalServer _server = default!;

    public Task InitializeAsync()
    {
        _server = PortalServer.Start(factory => factory.Settings["Portal:Security:RequireTwoFactorForAdmins"] = "false");
        return Task.CompletedTask;
    }

    [FaceFact]
    public async Task TheAdminUploadsALabelledSetWatchesItRunAndReadsThePerGroupReport()
    {
        var set = LabelledSet.Build(_work.Path);
        // Another evaluation holds the queue's one evaluation slot (issue 17: one at a time), so this one is seen waiting.
        var blocker = await OccupyTheEvaluationSlotAsync();
        var page = await browser.NewPageAsync();
        page.SetDefaultTimeout(60_000);
        await page.SignInAsync(_server, TestAccounts.AdminEmail, TestAccounts.AdminPassword);
        await page.GotoAsync(_server.Url("/admin/evaluations"));
        await page.WaitForCircuitAsync();
        await page.GetByTestId("evaluation-name").FillAsync("Shared faces by grp");
        await page.GetByTestId("evaluation-zip").SetInputFilesAsync(set.ZipPath);
        await Assertions.Expect(page.GetByTestId("evaluation-file")).ToHaveTextAsync("shared-faces.zip");
        await page.GetByTestId("evaluation-submit").ClickAsync();

        await page.WaitForURLAsync(url => url.Contains("/admin/evaluations/", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        var runId = Guid.Parse(page.Url.Split('/').Last());
        await Assertions.Expect(page.GetByTestId("evaluation-state")).ToHaveTextAsync("Waiting on the queue");
        await Assertions.Expect(page.GetByTestId("evaluation-progress")).ToHaveTextAsync($"0 % of {set.Rows.Count} photos read.");

        // The queue dashboard lists it with its progress and links to its page.
        await page.GotoAsync(_server.Url("/admin/queue"));
        await page.WaitForCircuitAsync();
        var link = page.Locator($"[data-testid=active-job-link][href='/admin/evaluations/{runId}']");
        var row = page.Locator("tr").Filter(new() { Has = link });
        await Assertions.Expect(row.GetByTestId("active-job-state")).ToHaveTextAsync("Queued");
        await Assertions.Expect(row.GetByTestId("active-job-progress")).ToHaveTextAsync("0 %");
        await link.ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith($"/admin/evaluations/{runId}", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.GetByTestId("evaluation-state")).ToHaveTextAsync("Waiting on the queue");

        // The other evaluation ends: this one runs, and the page shows the report by itself.
        await ReleaseAsync(blocker);
        await Assertions.Expect(page.GetByTestId("evaluation-sheet")).ToBeVisibleAsync(new() { Timeout = 180_000 });
        await Assertions.Expect(page.GetByTestId("evaluation-photos")).ToContainTextAsync($"{set.Rows.Count} photos; 0 without a usable face; 0 refused");
        foreach (var group in new[] { "A", "B" })
        {
            var (genuine, impostor) = set.Pairs(group);
            var cells = page.GetByTestId("evaluation-row").Filter(new() { HasText = $"grp = {group}" }).Locator("td");
            await Assertions.Expect(cells.Nth(0)).ToHaveTextAsync(genuine.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await Assertions.Expect(cells.Nth(1)).ToHaveTextAsync(impostor.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        // The download the button links to, with the page's own session.
        var href = await page.GetByTestId("download-json").GetAttributeAsync("href");
        var download = await page.Context.APIRequest.GetAsync(_server.Url(href!));
        Assert.Equal(200, download.Status);
        Assert.StartsWith("application/json", download.Headers["content-type"], StringComparison.Ordinal);
        using var json = JsonDocument.Parse(await download.TextAsync());
        var groupA = json.RootElement.GetProperty("sets").EnumerateArray().Single(s => s.GetProperty("value").GetString() == "A");
        Assert.Equal(set.Pairs("A"), (groupA.GetProperty("genuinePairs").GetInt32(), groupA.GetProperty("impostorPairs").GetInt32()));

        var folders = _server.Services.GetRequiredService<EvaluationFolders>();
        Assert.False(folders.Exists(runId), "the set's folder is still in the data directory after the run");
    }

    /// <summary>An evaluation job running under another process's live lease, as a second portal would hold it.</summary>
    private async Task<Guid> OccupyTheEvaluationSlotAsync()
    {
        await using var db = await _server.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var now = DateTimeOffset.UtcNow;
        var job = new RecognitionJob
        {
            Kind = JobKind.Evaluate, SubjectId = Guid.NewGuid(), OrganisationId = Guid.Empty, SubmittedBy = "elsewhere", State = JobState.Running,
            LeaseOwner = "another-portal/w1", LeaseExpiresAt = now.AddMinutes(30), Attempts = 1, Priority = 1, CreatedAt = now, NotBefore = now, StartedAt = now,
        };
        db.Jobs.Add(job);
        await db.SaveChangesAsync();
        return job.Id;
    }

    private async Task ReleaseAsync(Guid jobId)
    {
        await using var db = await _server.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var job = await db.Jobs.SingleAsync(j => j.Id == jobId);
        job.State = JobState.Succeeded;
        job.LeaseOwner = null;
        job.LeaseExpiresAt = null;
        job.CompletedAt = DateTimeOffset.UtcNow;
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        await browser.CloseContextsAsync();
        await _server.DisposeAsync();
        _work.Dispose();
    }
}
