using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Cases;
using Portal.Domain.Common;
using Portal.Domain.Identity;
using Portal.Domain.Review;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Common;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Review;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Review;

/// <summary>The two-person rule as the services enforce it, on a real database, called directly (no page in between).</summary>
public sealed class ReviewWorkflowTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private InfrastructureHost _host = default!;
    private Actor _staff = default!, _first = default!, _second = default!, _admin = default!;

    public async Task InitializeAsync()
    {
        _host = await InfrastructureHost.StartAsync(_data.Path, seedDemoData: true);
        _staff = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.ThornStaff);
        _first = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.ThornReviewer);
        _second = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.ThornSecondReviewer);
        _admin = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.AdminEmail);
    }

    private ReviewService Reviews => _host.Get<ReviewService>();
    private ReviewQueries Queries => _host.Get<ReviewQueries>();

    [Fact]
    public async Task TwoReviewersConfirmingMakeAConfirmedLeadThatShowsBothReviewersToTheSubmitter()
    {
        var seeded = await ReviewScenario.SearchedCaseAsync(_host.Services, _staff, "TH-CONFIRM", 1);
        var candidate = seeded.Candidates[0];

        var first = await Reviews.DecideAsync(_first, candidate, ReviewVerdict.Confirm, "same ear shape and hairline");
        var second = await Reviews.DecideAsync(_second, candidate, ReviewVerdict.Confirm, "mole above the lip matches");

        Assert.Equal(ReviewState.PendingSecondReview, first.Value);
        Assert.Equal(ReviewState.Confirmed, second.Value);
        var review = await StandingOnTheCasePageAsync(seeded.CaseId, candidate);
        Assert.Equal(ReviewState.Confirmed, review.State);
        // By the names they chose when they joined, not by their sign-in addresses (issue 13, bug 9).
        Assert.Equal([("Reviewer, Thorn", "same ear shape and hairline"), ("Second reviewer, Thorn", "mole above the lip matches")],
            review.Decisions.Select(d => (d.ReviewerName, d.Note)));
    }

    [Fact]
    public async Task TheCasePageSaysHowManyFacesASearchedPhotoShowedAndHowManyWereSearched()
    {
        var seeded = await ReviewScenario.SearchedCaseAsync(_host.Services, _staff, "TH-FACES", 1);

        var probe = Assert.Single((await _host.Get<CaseQueries>().GetAsync(_staff, seeded.CaseId)).Value!.Probes);

        Assert.Equal((1, 1), (probe.FacesFound, probe.FacesSearched));
    }

    [Fact]
    public async Task EachDecisionIsExactlyOneAuditEntryAndADisputeSaysItWasEscalated()
    {
        var seeded = await ReviewScenario.SearchedCaseAsync(_host.Services, _staff, "TH-DISPUTE", 1);
        var candidate = seeded.Candidates[0];

        await Reviews.DecideAsync(_first, candidate, ReviewVerdict.Confirm, "looks the same");
        var disputed = await Reviews.DecideAsync(_second, candidate, ReviewVerdict.Reject, "different nose bridge");
        var settled = await Reviews.SettleAsync(_admin, candidate, ReviewVerdict.Reject, "the nose bridge differs; not the same child");

        Assert.Equal(ReviewState.Disputed, disputed.Value);
        Assert.Equal(ReviewState.Rejected, settled.Value);
        var entries = await EntriesAsync($"candidate:{candidate}");
        Assert.Equal([AuditActions.ReviewDecided, AuditActions.ReviewDecided, AuditActions.ReviewSettled], entries.Select(e => e.Action));
        await using (var db = await _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
            Assert.Equal([await AuditActorKeys.OfAsync(db, TestAccounts.ThornReviewer), await AuditActorKeys.OfAsync(db, TestAccounts.ThornSecondReviewer),
                await AuditActorKeys.OfAsync(db, TestAccounts.AdminEmail)], entries.Select(e => e.Actor));
        Assert.Contains("PendingSecondReview → Disputed (the reviews differ: escalated to platform admins)", entries[1].Details);
        Assert.Contains("Disputed → Rejected; note: the nose bridge differs", entries[2].Details);
        Assert.True((await _host.Get<IAuditLog>().VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task ASettlementWithoutANoteOrOfAnUndisputedCandidateIsRefusedAndAudited()
    {
        var seeded = await ReviewScenario.SearchedCaseAsync(_host.Services, _staff, "TH-SETTLE", 2);
        var (disputed, open) = (seeded.Candidates[0], seeded.Candidates[1]);
        await Reviews.DecideAsync(_first, disputed, ReviewVerdict.Reject, "different chin");
        await Reviews.DecideAsync(_second, disputed, ReviewVerdict.Confirm, "same chin");

        var withoutNote = await Reviews.SettleAsync(_admin, disputed, ReviewVerdict.Confirm, "  ");
        var undisputed = await Reviews.SettleAsync(_admin, open, ReviewVerdict.Confirm, "looks right");

        Assert.StartsWith("A note is required to confirm", withoutNote.Error);
        Assert.Equal("Only a disputed candidate is decided by a platform admin.", undisputed.Error);
        await using var db = await DbAsync();
        Assert.Equal(ReviewState.Disputed, (await db.Candidates.SingleAsync(c => c.Id == disputed)).ReviewState);
        Assert.Equal(ReviewState.Pending, (await db.Candidates.SingleAsync(c => c.Id == open)).ReviewState);
        Assert.Equal(withoutNote.Error, (await EntriesAsync($"candidate:{disputed}")).Last().Details);
        Assert.Equal(AuditActions.ReviewRefused, (await EntriesAsync($"candidate:{open}")).Single().Action);
    }

    [Fact]
    public async Task ANoteOverTheLimitIsRefusedWithAnEntryAndTheCandidateStaysPending()
    {
        var seeded = await ReviewScenario.SearchedCaseAsync(_host.Services, _staff, "TH-LONG-NOTE", 1);
        var candidate = seeded.Candidates[0];

        var refused = await Reviews.DecideAsync(_first, candidate, ReviewVerdict.Confirm, new string('n', TwoPersonRule.MaxNoteLength + 1));

        Assert.Equal($"Keep the note under {TwoPersonRule.MaxNoteLength} characters.", refused.Error);
        await using var db = await DbAsync();
        Assert.Equal(ReviewState.Pending, (await db.Candidates.SingleAsync(c => c.Id == candidate)).ReviewState);
        Assert.Equal(AuditActions.ReviewRefused, (await EntriesAsync($"candidate:{candidate}")).Single().Action);
    }

    [Fact]
    public async Task TheSecondReviewersViewHoldsNothingOfTheFirstDecision()
    {
        var seeded = await ReviewScenario.SearchedCaseAsync(_host.Services, _staff, "TH-BLIND", 1);
        var candidate = seeded.Candidates[0];
        var before = (await Queries.ItemAsync(_second, candidate)).Value!;

        await Reviews.DecideAsync(_first, candidate, ReviewVerdict.Reject, "zebra-striped scarf differs");
        var after = (await Queries.ItemAsync(_second, candidate)).Value!;
        var queued = (await Queries.PageAsync(_second, new ReviewQueueFilter(), 0, 10)).Items.Single(i => i.CandidateId == candidate);

        // The view after a first decision is the very same as before it: no field moved.
        Assert.Equal(before, after);
        foreach (var json in new[] { JsonSerializer.Serialize(after), JsonSerializer.Serialize(queued) })
        {
            Assert.DoesNotContain("zebra", json, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(TestAccounts.ThornReviewer, json, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Reject", json, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("PendingSecond", json, StringComparison.OrdinalIgnoreCase);
        }
        string[] telling = ["Decision", "Verdict", "Note", "Reviewer", "State", "Stage", "Counted"];
        var properties = typeof(ReviewItem).GetProperties().Concat(typeof(ReviewQueueItem).GetProperties()).Select(p => p.Name);
        Assert.DoesNotContain(properties, name => telling.Any(word => name.Contains(word, StringComparison.OrdinalIgnoreCase)));
        // Nor does the case page tell a colleague which way the first review went.
        Assert.Empty((await StandingOnTheCasePageAsync(seeded.CaseId, candidate)).Decisions);
    }

    [Fact]
    public async Task AReviewerWhoSubmittedTheCaseIsRefusedOnTheServerAndTheRefusalIsAudited()
    {
        await ReviewScenario.GrantRoleAsync(_host.Services, TestAccounts.ThornStaff, Roles.Reviewer);
        var seeded = await ReviewScenario.SearchedCaseAsync(_host.Services, _staff, "TH-SELF", 1);
        var candidate = seeded.Candidates[0];

        var decided = await Reviews.DecideAsync(_staff, candidate, ReviewVerdict.Confirm, "it is her");
        var opened = await Queries.ItemAsync(_staff, candidate);
        var queue = await Queries.PageAsync(_staff, new ReviewQueueFilter(), 0, 50);

        const string refusal = "You submitted this case, so its candidates must be reviewed by someone else.";
        Assert.Equal(refusal, decided.Error);
        Assert.Equal(refusal, opened.Error);
        Assert.DoesNotContain(queue.Items, i => i.CandidateId == candidate);
        await using var db = await DbAsync();
        Assert.Equal(ReviewState.Pending, (await db.Candidates.SingleAsync(c => c.Id == candidate)).ReviewState);
        Assert.False(await db.ReviewDecisions.AnyAsync(d => d.CandidateId == candidate));
        var entry = Assert.Single(await EntriesAsync($"candidate:{candidate}"));
        Assert.Equal((AuditActions.ReviewRefused, refusal), (entry.Action, entry.Details));
    }

    [Fact]
    public async Task OnlyReviewersOfTheCandidatesOwnOrganisationMayDecide()
    {
        var seeded = await ReviewScenario.SearchedCaseAsync(_host.Services, _staff, "TH-FOREIGN", 1);
        var icmecReviewer = await ReviewScenario.ActorAsync(_host.Services, "reviewer@icmec.example");
        var staffWithoutRole = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.IcmecStaff);

        var foreign = await Reviews.DecideAsync(icmecReviewer, seeded.Candidates[0], ReviewVerdict.Confirm, "x");
        var notReviewer = await Reviews.DecideAsync(staffWithoutRole, seeded.Candidates[0], ReviewVerdict.Confirm, "x");
        var adminAsReviewer = await Reviews.DecideAsync(_admin, seeded.Candidates[0], ReviewVerdict.Confirm, "x");
        var reviewerSettling = await Reviews.SettleAsync(_first, seeded.Candidates[0], ReviewVerdict.Confirm, "x");

        Assert.Equal(OutcomeKind.NotFound, foreign.Kind);
        Assert.Equal("Only reviewers of an approved partner organisation review candidates.", notReviewer.Error);
        Assert.Equal(notReviewer.Error, adminAsReviewer.Error);
        Assert.Equal("Only platform admins settle disputed candidates.", reviewerSettling.Error);
        await using var db = await DbAsync();
        Assert.False(await db.ReviewDecisions.AnyAsync());
        Assert.Equal(4, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.ReviewRefused));
    }

    [Fact]
    public async Task ThreeReviewersDecidingAtOnceLeaveExactlyTwoCountedDecisions()
    {
        var third = await ThirdReviewerAsync();
        var seeded = await ReviewScenario.SearchedCaseAsync(_host.Services, _staff, "TH-RACE", 1);
        var candidate = seeded.Candidates[0];

        var outcomes = await Task.WhenAll(new[] { _first, _second, third }
            .Select(reviewer => Task.Run(() => Reviews.DecideAsync(reviewer, candidate, ReviewVerdict.Confirm, "same person"))));

        Assert.Equal(2, outcomes.Count(o => o.Succeeded));
        await using var db = await DbAsync();
        var decisions = await db.ReviewDecisions.Where(d => d.CandidateId == candidate).ToListAsync();
        Assert.Equal([ReviewStage.First, ReviewStage.Second], decisions.OrderBy(d => d.Stage).Select(d => d.Stage));
        Assert.Equal(ReviewState.Confirmed, (await db.Candidates.SingleAsync(c => c.Id == candidate)).ReviewState);
        Assert.Equal(2, (await EntriesAsync($"candidate:{candidate}")).Count(e => e.Action == AuditActions.ReviewDecided));
    }

    [Fact]
    public async Task InconclusiveKeepsTheCandidateOpenForSomeoneElse()
    {
        var third = await ThirdReviewerAsync();
        var seeded = await ReviewScenario.SearchedCaseAsync(_host.Services, _staff, "TH-UNSURE", 1);
        var candidate = seeded.Candidates[0];

        Assert.Equal(ReviewState.Pending, (await Reviews.DecideAsync(_first, candidate, ReviewVerdict.Inconclusive, null)).Value);
        Assert.DoesNotContain((await Queries.PageAsync(_first, new ReviewQueueFilter(), 0, 10)).Items, i => i.CandidateId == candidate);
        Assert.Equal(ReviewState.PendingSecondReview, (await Reviews.DecideAsync(_second, candidate, ReviewVerdict.Confirm, "same")).Value);
        Assert.Equal(ReviewState.Confirmed, (await Reviews.DecideAsync(third, candidate, ReviewVerdict.Confirm, "same")).Value);
    }

    [Fact]
    public async Task TheQueueIsOldestFirstAndFiltersByCaseAndBand()
    {
        var older = await ReviewScenario.SearchedCaseAsync(_host.Services, _staff, "TH-OLD", 7, DateTimeOffset.UtcNow.AddHours(-2));
        var newer = await ReviewScenario.SearchedCaseAsync(_host.Services, _staff, "TH-NEW", 2, DateTimeOffset.UtcNow.AddHours(-1));

        var all = await Queries.PageAsync(_first, new ReviewQueueFilter(), 0, 50);
        var secondPage = await Queries.PageAsync(_first, new ReviewQueueFilter(), 7, 50);
        var ofNewer = await Queries.PageAsync(_first, new ReviewQueueFilter(CaseId: newer.CaseId), 0, 50);
        var strong = await Queries.PageAsync(_first, new ReviewQueueFilter(Band: CandidateBand.Strong), 0, 50);
        var possible = await Queries.PageAsync(_first, new ReviewQueueFilter(Band: CandidateBand.Possible), 0, 50);

        Assert.Equal(older.Candidates.Concat(newer.Candidates), all.Items.Select(i => i.CandidateId));
        Assert.Equal(9, all.Total);
        Assert.Equal(newer.Candidates, secondPage.Items.Select(i => i.CandidateId));
        Assert.Equal(newer.Candidates, ofNewer.Items.Select(i => i.CandidateId));
        // Similarities 0.75, 0.70 … 0.45 against the threshold 0.40: strong from 0.55 up, so the last two of the older case are possible.
        Assert.Equal(all.Items.Where(i => i.Band == CandidateBand.Strong).Select(i => i.CandidateId), strong.Items.Select(i => i.CandidateId));
        Assert.Equal(all.Items.Where(i => i.Band == CandidateBand.Possible).Select(i => i.CandidateId), possible.Items.Select(i => i.CandidateId));
        Assert.Contains(older.Candidates[^1], possible.Items.Select(i => i.CandidateId));
        Assert.Contains(older.Candidates[0], strong.Items.Select(i => i.CandidateId));
        Assert.Equal([("TH-NEW", 2), ("TH-OLD", 7)], (await Queries.WaitingCasesAsync(_first)).Select(c => (c.Reference, c.Waiting)));
        Assert.Equal(9, await Queries.WaitingCountAsync(_first));
    }

    [Fact]
    public async Task ConfirmedLeadsExportCarriesTheNoticeAndEachExportIsAudited()
    {
        var seeded = await ReviewScenario.SearchedCaseAsync(_host.Services, _staff, "TH-EXPORT", 2);
        await Reviews.DecideAsync(_first, seeded.Candidates[0], ReviewVerdict.Confirm, "=HYPERLINK(\"x\") same birthmark");
        await Reviews.DecideAsync(_second, seeded.Candidates[0], ReviewVerdict.Confirm, "same birthmark");
        var exporter = _host.Get<LeadsExporter>();

        var export = await exporter.ExportAsync(_staff, seeded.CaseId, "CSV");
        var foreign = await exporter.ExportAsync(await ReviewScenario.ActorAsync(_host.Services, TestAccounts.IcmecStaff), seeded.CaseId, "CSV");
        var csv = LeadsExporter.ToCsv(export.Value!);

        var lead = Assert.Single(export.Value!.Leads);
        Assert.Equal(1, lead.Rank);
        Assert.StartsWith(Csv.Cell(LeadsExporter.Notice) + Environment.NewLine, csv);
        Assert.Contains("Second reviewer, Thorn", csv);
        Assert.Contains("'=HYPERLINK", csv); // a note cannot become a spreadsheet formula
        Assert.Equal(OutcomeKind.NotFound, foreign.Kind);
        var entry = Assert.Single(await EntriesAsync($"case:{seeded.CaseId}"), e => e.Action == AuditActions.LeadsExported);
        Assert.Equal("1 confirmed lead(s) exported as CSV", entry.Details);
    }

    /// <summary>A candidate's review standing as the case page shows it to the submitter.</summary>
    private async Task<CandidateReview> StandingOnTheCasePageAsync(Guid caseId, Guid candidateId)
    {
        var results = await _host.Get<CaseQueries>().ResultsAsync(_staff, caseId, audit: false);
        return results.Value!.SelectMany(face => face.Candidates).Single(c => c.Id == candidateId).Review;
    }

    private async Task<Actor> ThirdReviewerAsync()
    {
        var thorn = _staff.OrganisationId!.Value;
        var id = await ReviewScenario.CreateMemberAsync(_host.Services, thorn, "reviewer3@thorn.example", Roles.Reviewer);
        return new Actor(id, "reviewer3@thorn.example", thorn);
    }

    private async Task<PortalDbContext> DbAsync() =>
        await _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    private async Task<List<AuditEntry>> EntriesAsync(string target)
    {
        await using var db = await DbAsync();
        return await db.AuditEntries.AsNoTracking().Where(e => e.Target == target).OrderBy(e => e.Sequence).ToListAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }
}
