using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Domain.Auditing;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;
using Xunit.Abstractions;

namespace Portal.Tests.Web.EndToEnd;

/// <summary>
/// Issue 14: a reviewer on a slow connection types a long note and records at once with Ctrl+Enter; the decision
/// carries exactly what was typed. Before the fix, each keystroke went to the server and the server's older copy of
/// the note came back over the newer text in the box, so characters were lost and the record differed silently.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ReviewNoteTests(BrowserFixture browser, ITestOutputHelper output) : IAsyncLifetime
{
    private const string Note = "Same ear shape, the scar above the left eyebrow and the chipped front tooth; " +
        "the jawline matches at both angles, so I compared all three before confirming.";
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
        _case = await ReviewScenario.SearchedCaseAsync(_server.Services, staff, "TH-2026-114", 1);
    }

    [Fact]
    public async Task ANoteTypedOnASlowConnectionAndRecordedAtOnceWithControlEnterIsRecordedExactlyAsTyped()
    {
        var page = await browser.NewPageAsync();
        await page.SignInAsync(_server, TestAccounts.ThornReviewer, TestAccounts.DemoPassword);
        // 300 ms each way: a slow mobile link, and about what a loaded two-core server adds to every round trip.
        await page.DelayCircuitAsync(TimeSpan.FromMilliseconds(300));
        await page.GotoAsync(_server.Url("/review"));
        await page.WaitForCircuitAsync();
        await page.GetByTestId("start-review").ClickAsync();
        await Assertions.Expect(page.GetByTestId("review-screen")).ToHaveAttributeAsync("data-shortcuts", "ready", new() { Timeout = 30_000 });

        var pressed = TimeProvider.System.GetTimestamp();
        await page.Keyboard.PressAsync("c");
        await Assertions.Expect(page.GetByTestId("note")).ToBeFocusedAsync();
        // The shortcut's round trip shows the link really is slow.
        var roundTrip = TimeProvider.System.GetElapsedTime(pressed);
        output.WriteLine($"C to a focused note: {roundTrip.TotalMilliseconds:F0} ms");
        Assert.True(roundTrip >= TimeSpan.FromMilliseconds(600), $"The link is not slow: {roundTrip.TotalMilliseconds:F0} ms");
        // A quick typist: about 110 words a minute.
        await page.Keyboard.TypeAsync(Note, new() { Delay = 90 });
        await page.Keyboard.PressAsync("Control+Enter");
        await page.Locator("[data-testid=queue-empty], [data-testid=decision-error]").First.WaitForAsync(new() { Timeout = 30_000 });

        await using var db = await _server.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var recorded = await db.ReviewDecisions.Where(d => d.CandidateId == _case.Candidates[0]).Select(d => d.Note).SingleOrDefaultAsync();
        output.WriteLine($"typed {Note.Length} characters, recorded {recorded?.Length ?? 0}: \"{recorded}\"");
        Assert.Equal(Note, recorded);
        var audited = await db.AuditEntries.Where(e => e.Action == AuditActions.ReviewDecided).Select(e => e.Details).SingleAsync();
        Assert.EndsWith($"note: {Note}", audited, StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        await browser.CloseContextsAsync();
        await _server.DisposeAsync();
    }
}
