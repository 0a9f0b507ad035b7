using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Domain.Auditing;
using Portal.Domain.Queue;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Web.EndToEnd;

/// <summary>The demo moratorium in a real browser: blocked, ended early, reinstated, published.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class MoratoriumTests(BrowserFixture browser) : IAsyncLifetime
{
    private PortalServer _server = default!;
    private Guid _police;

    public async Task InitializeAsync()
    {
        _server = PortalServer.Start(factory =>
        {
            factory.Settings["Portal:Security:RequireTwoFactorForAdmins"] = "false";
            factory.Settings["Portal:Security:RevalidationInterval"] = "00:00:03";
            factory.Settings["Portal:Moratoria:SweepInterval"] = "00:00:01";
            // A web-only process: released work must stay visible as queued, not be consumed by a worker here.
            factory.Settings["Portal:Queue:RunWorkers"] = "false";
        });
        await using var db = await Db();
        _police = (await db.Organisations.SingleAsync(o => o.Name == "Metro City Police Department")).Id;
        // Work the department queued before: the real upload path arrives with the queue work.
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 2; i++)
            db.Jobs.Add(new RecognitionJob { Kind = JobKind.SearchProbe, SubjectId = Guid.NewGuid(), OrganisationId = _police,
                SubmittedBy = TestAccounts.PoliceStaff, CreatedAt = now, NotBefore = now });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task PoliceAreBlockedTheAdminEndsItEarlyThenReinstatesItAndThePublicSeesTheHistory()
    {
        var police = await browser.NewPageAsync();
        await police.SignInAsync(_server, TestAccounts.PoliceStaff, TestAccounts.DemoPassword);
        await police.GotoAsync(_server.Url("/galleries"));
        await Assertions.Expect(police.GetByTestId("moratorium-banner")).ToContainTextAsync("Law-enforcement moratorium — until further notice");
        await Assertions.Expect(police.GetByTestId("galleries-page")).ToHaveCountAsync(0);
        await police.GotoAsync(_server.Url("/cases"));
        await police.WaitForCircuitAsync();
        await Assertions.Expect(police.GetByTestId("moratorium-banner")).ToBeVisibleAsync();
        await Assertions.Expect(police.GetByTestId("cases-page")).ToHaveCountAsync(0);
        await Assertions.Expect(police.GetByTestId("new-case")).ToHaveCountAsync(0);
        await WaitForJobsAsync(JobState.HeldByMoratorium);

        var admin = await browser.NewPageAsync();
        await admin.SignInAsync(_server, TestAccounts.AdminEmail, TestAccounts.AdminPassword);
        await admin.GotoAsync(_server.Url("/admin/moratoria"));
        await admin.WaitForCircuitAsync();
        var card = admin.GetByTestId("moratorium-Law-enforcement moratorium");
        await Assertions.Expect(card.GetByTestId("phase")).ToHaveTextAsync("In force");
        await Assertions.Expect(card.GetByTestId("held-jobs")).ToContainTextAsync("2 job(s)");
        await card.GetByTestId("end-early").ClickAsync();
        var endEarly = admin.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(endEarly.GetByTestId("preview-unblocked")).ToContainTextAsync("Metro City Police Department");
        await endEarly.GetByTestId("reason").FillAsync("The city council passed rules for police use of face search.");
        await endEarly.GetByTestId("save").ClickAsync();
        await Assertions.Expect(card.GetByTestId("phase")).ToHaveTextAsync("Ended");

        // The open police page unblocks by itself, without a reload.
        await Assertions.Expect(police.GetByTestId("cases-page")).ToBeVisibleAsync();
        await Assertions.Expect(police.GetByTestId("new-case")).ToBeVisibleAsync();
        await Assertions.Expect(police.GetByTestId("moratorium-banner")).ToHaveCountAsync(0);
        await WaitForJobsAsync(JobState.Queued);

        await card.GetByTestId("extend").ClickAsync();
        var extend = admin.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(extend.GetByTestId("preview-blocked")).ToContainTextAsync("Metro City Police Department");
        await extend.GetByTestId("reason").FillAsync("Reinstated until further notice: the rules were struck down.");
        await extend.GetByTestId("save").ClickAsync();
        await Assertions.Expect(card.GetByTestId("phase")).ToHaveTextAsync("In force");
        await Assertions.Expect(card.GetByTestId("held-jobs")).ToContainTextAsync("2 job(s)");
        await WaitForJobsAsync(JobState.HeldByMoratorium);

        // Reinstating ended the police session within the revalidation interval.
        await Assertions.Expect(police).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/Login"), new() { Timeout = 30_000 });

        var visitor = await browser.NewPageAsync();
        await visitor.GotoAsync(_server.Url("/moratoria"));
        var history = visitor.GetByTestId("public-history");
        await Assertions.Expect(history).ToContainTextAsync("Announced publicly on 10 June 2020.");
        await Assertions.Expect(history).ToContainTextAsync("Extended until further notice");
        await Assertions.Expect(history).ToContainTextAsync("The city council passed rules");
        await Assertions.Expect(history).ToContainTextAsync("Reinstated until further notice");
        await Assertions.Expect(visitor.GetByRole(AriaRole.Heading, new() { Name = "In force" })).ToBeVisibleAsync();

        await using var db = await Db();
        var actions = await db.AuditEntries.Select(e => e.Action).ToListAsync();
        Assert.Contains(AuditActions.MoratoriumRefused, actions);
        Assert.Contains(AuditActions.MoratoriumEndedEarly, actions);
        Assert.Contains(AuditActions.MoratoriumExtended, actions);
        Assert.Contains(AuditActions.JobsHeld, actions);
        Assert.Contains(AuditActions.JobsReleased, actions);
    }

    private async Task WaitForJobsAsync(JobState state)
    {
        for (var i = 0; i < 100; i++)
        {
            await using var db = await Db();
            if (await db.Jobs.Where(j => j.OrganisationId == _police).AllAsync(j => j.State == state))
                return;
            await Task.Delay(100);
        }
        Assert.Fail($"The police department's jobs did not become {state}.");
    }

    private Task<PortalDbContext> Db() => _server.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    public async Task DisposeAsync()
    {
        await browser.CloseContextsAsync();
        await _server.DisposeAsync();
    }
}
