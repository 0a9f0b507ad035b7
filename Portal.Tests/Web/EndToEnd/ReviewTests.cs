using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Domain.Auditing;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Web.EndToEnd;

/// <summary>
/// Two-person review in a real browser: two Thorn reviewers confirm one candidate and disagree on another, the
/// staff member watches it happen on the open case page, the admin settles the dispute, and the audit log shows
/// every step with an intact chain.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ReviewTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string FirstNote = "Same ear shape and the scar above the left eyebrow.";
    private PortalServer _server = default!;
    private ReviewScenario.SeededCase _case = default!;

    public async Task InitializeAsync()
    {
        _server = PortalServer.Start(factory =>
        {
            factory.Settings["Portal:Security:RequireTwoFactorForAdmins"] = "false";
            factory.Settings["Portal:Queue:RunWorkers"] = "false";
        });
        var staff = await ReviewScenario.ActorAsync(_server.Services, TestAccounts.ThornStaff);
        _case = await ReviewScenario.SearchedCaseAsync(_server.Services, staff, "TH-2026-044", 2);
    }

    [Fact]
    public async Task TwoReviewersConfirmADisputeGoesToTheAdminAndTheAuditLogShowsEveryStep()
    {
        // The staff member keeps the case page open throughout; a marker on the window shows it is never reloaded.
        var staff = await browser.NewPageAsync();
        await staff.SignInAsync(_server, TestAccounts.ThornStaff, TestAccounts.DemoPassword);
        await staff.GotoAsync(_server.Url($"/cases/{_case.CaseId}"));
        await staff.WaitForCircuitAsync();
        var (confirmed, disputed) = (Candidate(staff, 0), Candidate(staff, 1));
        await Assertions.Expect(confirmed.GetByTestId("review-state")).ToHaveTextAsync("Awaiting review");
        await staff.EvaluateAsync("() => window.__sameDocument = true");

        // The first reviewer works with the keyboard: C, a note, Ctrl+Enter; the next candidate opens without a reload.
        var first = await ReviewerAsync(TestAccounts.ThornReviewer);
        await first.EvaluateAsync("() => window.__sameDocument = true");
        await Assertions.Expect(first.GetByTestId("review-screen")).ToHaveAttributeAsync("data-shortcuts", "ready");
        await ExpectCropsShownAsync(first.GetByTestId("review-screen"));
        await first.Keyboard.PressAsync("c");
        await Assertions.Expect(first.GetByTestId("note")).ToBeFocusedAsync();
        // Recording before writing the note is refused, and the note keeps focus: what is typed next is the note,
        // not shortcuts (an "n" would skip the candidate, an "r" turn the verdict into a rejection).
        await first.Keyboard.PressAsync("Control+Enter");
        await Assertions.Expect(first.GetByTestId("decision-error")).ToBeVisibleAsync();
        await Assertions.Expect(first.GetByTestId("note")).ToBeFocusedAsync();
        await first.Keyboard.TypeAsync(FirstNote);
        await first.Keyboard.PressAsync("Control+Enter");
        await Assertions.Expect(first.GetByTestId("review-screen")).ToHaveAttributeAsync("data-candidate", _case.Candidates[1].ToString());
        Assert.True(await first.EvaluateAsync<bool>("() => window.__sameDocument === true"));
        // The next key is a shortcut again, not a letter typed into the next candidate's note.
        await first.Keyboard.PressAsync("c");
        await Assertions.Expect(first.GetByTestId("note")).ToBeFocusedAsync();
        await Assertions.Expect(first.GetByTestId("note")).ToHaveValueAsync("");
        await DecideAsync(first, "verdict-confirm", "The same birthmark on the neck.");
        await Assertions.Expect(first.GetByTestId("queue-empty")).ToBeVisibleAsync();

        // The second reviewer sees neither the first verdict nor its note, then confirms one and rejects the other.
        var second = await ReviewerAsync(TestAccounts.ThornSecondReviewer);
        await Assertions.Expect(second.GetByTestId("review-screen")).ToHaveAttributeAsync("data-candidate", _case.Candidates[0].ToString());
        await Assertions.Expect(second.Locator("body")).Not.ToContainTextAsync(FirstNote);
        await Assertions.Expect(second.Locator("body")).Not.ToContainTextAsync(TestAccounts.ThornReviewer);
        await DecideAsync(second, "verdict-confirm", "Eyebrow scar and ear match; confirmed.");
        await Assertions.Expect(second.GetByTestId("review-screen")).ToHaveAttributeAsync("data-candidate", _case.Candidates[1].ToString());
        await DecideAsync(second, "verdict-reject", "The neck mark is a shadow in the photo; different jawline.");

        // The open case page has followed along, with no reload.
        await Assertions.Expect(confirmed.GetByTestId("review-state")).ToHaveTextAsync("Confirmed lead");
        // Reviewers by the names they chose when they joined, not by sign-in address (issue 13, bug 9).
        await Assertions.Expect(confirmed.GetByTestId("decisions")).ToContainTextAsync("Reviewer, Thorn · first review");
        await Assertions.Expect(confirmed.GetByTestId("decisions")).Not.ToContainTextAsync(TestAccounts.ThornReviewer);
        await Assertions.Expect(confirmed.GetByTestId("decisions")).ToContainTextAsync(FirstNote);
        await Assertions.Expect(confirmed.GetByTestId("decisions")).ToContainTextAsync("Eyebrow scar and ear match; confirmed.");
        await Assertions.Expect(disputed.GetByTestId("review-state")).ToHaveTextAsync("Disputed: with a platform admin");
        await Assertions.Expect(disputed.GetByTestId("decisions")).ToHaveCountAsync(0);
        Assert.True(await staff.EvaluateAsync<bool>("() => window.__sameDocument === true"));

        // Exports: the CSV and the printable page, both with the notice.
        var csv = await staff.Context.APIRequest.GetAsync(_server.Url($"/cases/{_case.CaseId}/leads/csv"));
        Assert.Equal(200, csv.Status);
        Assert.Contains("no-store", csv.Headers["cache-control"]);
        var csvText = await csv.TextAsync();
        Assert.Contains("NOTICE: A face match is not an identification", csvText);
        Assert.Contains("Eyebrow scar and ear match; confirmed.", csvText);
        await staff.GetByTestId("export-print").ClickAsync();
        await Assertions.Expect(staff.GetByTestId("leads-notice")).ToContainTextAsync("A face match is not an identification");
        await Assertions.Expect(staff.GetByTestId("lead")).ToHaveCountAsync(1);
        await staff.GoBackAsync();

        // The admin settles the dispute, with both decisions in view.
        var admin = await browser.NewPageAsync();
        await admin.SignInAsync(_server, TestAccounts.AdminEmail, TestAccounts.AdminPassword);
        await admin.GotoAsync(_server.Url("/admin/disputes"));
        await admin.WaitForCircuitAsync();
        var dispute = admin.GetByTestId("dispute");
        await Assertions.Expect(dispute).ToHaveCountAsync(1);
        await Assertions.Expect(dispute.GetByTestId("decision")).ToHaveCountAsync(2);
        await Assertions.Expect(dispute).ToContainTextAsync("different jawline");
        await ExpectCropsShownAsync(dispute);
        await dispute.GetByTestId("settle-reject").ClickAsync();
        await dispute.GetByTestId("settle").ClickAsync();
        await Assertions.Expect(dispute.GetByTestId("settle-error")).ToContainTextAsync("A note is required to reject");
        await dispute.GetByTestId("settle-note").FillAsync("The jawline differs at every angle; not the same child.");
        await dispute.GetByTestId("settle").ClickAsync();
        await Assertions.Expect(admin.GetByTestId("no-disputes")).ToBeVisibleAsync();
        await Assertions.Expect(Candidate(staff, 1).GetByTestId("review-state")).ToHaveTextAsync("Rejected");
        await Assertions.Expect(Candidate(staff, 1).GetByTestId("decisions")).ToContainTextAsync("platform admin: rejected the disputed candidate");

        // The audit log shows every step, and the chain verifies.
        await admin.GotoAsync(_server.Url("/admin/audit"));
        await admin.WaitForCircuitAsync();
        await admin.GetByTestId("filter-actor").FillAsync("reviewer");
        await Assertions.Expect(admin.GetByTestId("audit-action").GetByText(AuditActions.ReviewDecided, new() { Exact = true })).ToHaveCountAsync(4);
        // The export link carries the filter on screen: every exported row is a reviewer's.
        await Assertions.Expect(admin.GetByTestId("audit-export")).ToHaveAttributeAsync("href", "admin/audit/export?actor=reviewer");
        var export = await admin.Context.APIRequest.GetAsync(_server.Url("/" + await admin.GetByTestId("audit-export").GetAttributeAsync("href")));
        var exported = (await export.TextAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.Equal(4, exported.Count(row => row.Contains(AuditActions.ReviewDecided, StringComparison.Ordinal)));
        Assert.All(exported, row => Assert.Contains("reviewer", ActorField(row), StringComparison.Ordinal));
        await admin.GetByTestId("filter-actor").FillAsync(TestAccounts.AdminEmail);
        await Assertions.Expect(admin.GetByTestId("audit-action").GetByText(AuditActions.ReviewSettled, new() { Exact = true })).ToHaveCountAsync(1);
        await Assertions.Expect(admin.GetByTestId("audit-action").GetByText(AuditActions.DisputesViewed, new() { Exact = true }).First).ToBeVisibleAsync();
        await admin.GetByTestId("filter-actor").FillAsync(TestAccounts.ThornStaff);
        await Assertions.Expect(admin.GetByTestId("audit-action").GetByText(AuditActions.LeadsExported, new() { Exact = true })).ToHaveCountAsync(2);
        await Assertions.Expect(admin.GetByTestId("audit-action").GetByText(AuditActions.ResultsViewed, new() { Exact = true }).First).ToBeVisibleAsync();
        await admin.GetByTestId("verify-chain").ClickAsync();
        await Assertions.Expect(admin.GetByTestId("chain-ok")).ToContainTextAsync("Chain OK");

        await using var db = await _server.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var decided = await db.AuditEntries.Where(e => e.Action == AuditActions.ReviewDecided).Select(e => e.Details).ToListAsync();
        Assert.Equal(4, decided.Count);
        Assert.Single(decided, d => d.Contains("escalated to platform admins", StringComparison.Ordinal));
    }

    /// <summary>Both face crops arrived and decoded: served, authorised, cut to the standard size.</summary>
    private static async Task ExpectCropsShownAsync(ILocator scope)
    {
        await Assertions.Expect(scope.GetByTestId("probe-crop")).ToHaveJSPropertyAsync("naturalWidth", 192);
        await Assertions.Expect(scope.GetByTestId("candidate-crop")).ToHaveJSPropertyAsync("naturalWidth", 192);
    }

    private static ILocator Candidate(IPage page, int index) => page.GetByTestId("candidate").Nth(index);

    private async Task<IPage> ReviewerAsync(string email)
    {
        var page = await browser.NewPageAsync();
        await page.SignInAsync(_server, email, TestAccounts.DemoPassword);
        await page.GotoAsync(_server.Url("/review"));
        await page.WaitForCircuitAsync();
        await page.GetByTestId("start-review").ClickAsync();
        await Assertions.Expect(page.GetByTestId("review-screen")).ToBeVisibleAsync();
        return page;
    }

    private static async Task DecideAsync(IPage page, string verdict, string note)
    {
        await page.GetByTestId(verdict).ClickAsync();
        await page.GetByTestId("note").FillAsync(note);
        await page.GetByTestId("record").ClickAsync();
    }

    public async Task DisposeAsync()
    {
        await browser.CloseContextsAsync();
        await _server.DisposeAsync();
    }

    /// <summary>The third CSV field, the actor as shown ("Name &lt;e-mail&gt;"): quoted when the name has a comma.</summary>
    private static string ActorField(string row)
    {
        var rest = row.Split(',', 3)[2];
        return rest.StartsWith('"') ? rest[1..rest.IndexOf('"', 1)] : rest.Split(',')[0];
    }
}
