using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Domain.Auditing;
using Portal.Domain.Cases;
using Portal.Domain.Lifecycle;
using Portal.Domain.Organisations;
using Portal.Domain.Review;
using Portal.Domain.Transparency;
using Portal.Infrastructure.Transparency;
using Portal.Infrastructure.Cases;
using Portal.Tests.Support;
using M = Portal.Domain.Transparency.TransparencyMeasures;

namespace Portal.Tests.Infrastructure.Transparency;

/// <summary>
/// Issue 17, point 1: every figure of the transparency report, recomputed by hand from a seeded history of two sectors
/// over two quarters (2026 Q1 and Q2), with counts under 5 shown as "&lt; 5" and medians of fewer than 5 as "—".
/// </summary>
public sealed class TransparencyReportTests : IAsyncLifetime
{
    private const Sector A = Sector.ChildProtectionNonprofit;
    private const Sector B = Sector.LawEnforcement;
    private static readonly Quarter Q1 = new(2026, 1);
    private static readonly Quarter Q2 = new(2026, 2);
    private static readonly DateTimeOffset Now = new(2026, 7, 15, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Found = new(2026, 2, 10, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset April = new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _data = new();
    // Starts before the history: audit entries are written in order, each at its own instant.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 12, 1, 0, 0, 0, TimeSpan.Zero));
    private InfrastructureHost _host = null!;
    private TransparencySeed _seed = null!;
    private Guid _a1;

    public async Task InitializeAsync()
    {
        _host = await InfrastructureHost.StartAsync(_data.Path, configure: services => services.AddSingleton<TimeProvider>(_clock));
        _seed = new TransparencySeed(_host.Services, _clock);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }

    private async Task<TransparencyReport> SeededReportAsync()
    {
        // Sector A: six organisations approved in Q1; the first opens six cases (one probe, two candidates each) in Q1.
        var organisations = new List<Guid>();
        for (var i = 0; i < 6; i++)
            organisations.Add(await _seed.ApprovedAsync($"Child org {i}", A, new DateTimeOffset(2026, 1, 5 + i, 9, 0, 0, TimeSpan.Zero)));
        _a1 = organisations[0];
        var staff = await _seed.StaffAsync(_a1, "staff@a1.test");
        var cases = new List<ReviewScenario.SeededCase>();
        for (var i = 0; i < 6; i++)
            cases.Add(await _seed.SearchedCaseAsync(staff, $"A-{i}", 2, Found));
        await _seed.SearchedCaseAsync(staff, "A-OLD", 1, new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero)); // before the eight quarters
        // Now's quarter (2026 Q3) has not ended: never published, so nobody can watch it change.
        await _seed.SearchedCaseAsync(staff, "A-NOW", 3, new DateTimeOffset(2026, 7, 2, 0, 0, 0, TimeSpan.Zero));
        // Q2: five found, one withdrawn.
        for (var i = 0; i < 5; i++)
            await _seed.CloseAsync(cases[i].CaseId, CaseOutcome.Found, new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero));
        await _seed.CloseAsync(cases[5].CaseId, CaseOutcome.Withdrawn, new DateTimeOffset(2026, 5, 2, 0, 0, 0, TimeSpan.Zero));
        // Q2 second reviews, 1 to 10 hours into April: six confirmed, two rejected, one disputed.
        var candidates = cases.SelectMany(c => c.Candidates).ToList();
        int[] confirmedHours = [1, 2, 3, 4, 5, 10];
        for (var i = 0; i < 6; i++)
            await _seed.ReviewAsync(candidates[i], ReviewVerdict.Confirm, ReviewVerdict.Confirm, April.AddHours(confirmedHours[i]));
        await _seed.ReviewAsync(candidates[6], ReviewVerdict.Reject, ReviewVerdict.Reject, April.AddHours(6));
        await _seed.ReviewAsync(candidates[7], ReviewVerdict.Reject, ReviewVerdict.Reject, April.AddHours(8));
        await _seed.ReviewAsync(candidates[8], ReviewVerdict.Confirm, ReviewVerdict.Reject, April.AddHours(7));
        // Q2 erasures: five by the schedule, one for a subject's request; one still under way.
        for (var i = 0; i < 5; i++)
            await _seed.ErasureAsync(_a1, ErasureCause.Schedule, new DateTimeOffset(2026, 6, 2, 0, 0, 0, TimeSpan.Zero));
        await _seed.ErasureAsync(_a1, ErasureCause.SubjectRequest, new DateTimeOffset(2026, 6, 3, 0, 0, 0, TimeSpan.Zero));
        await _seed.ErasureAsync(_a1, ErasureCause.Trash, completedAt: null);

        // Sector B: one approved and one rejected in Q1; two cases in Q1; one candidate confirmed in Q2; refused by a moratorium.
        var b1 = await _seed.ApprovedAsync("Metro police", B, new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero));
        await _seed.RejectedAsync("County police", B, new DateTimeOffset(2026, 2, 2, 0, 0, 0, TimeSpan.Zero));
        var police = await _seed.StaffAsync(b1, "staff@b1.test");
        var policeCase = await _seed.SearchedCaseAsync(police, "B-0", 1, Found);
        await _seed.SearchedCaseAsync(police, "B-1", 0, Found);
        await _seed.ReviewAsync(policeCase.Candidates[0], ReviewVerdict.Confirm, ReviewVerdict.Confirm, April.AddHours(2));

        // The audit log, in time order: thresholds (the default and a sector minimum are published, an organisation's own
        // only counted), B refused by a moratorium once in Q1 and six times in Q2, A1 suspended and refused twice at the
        // gate in Q2, then reinstated (which is no new approval).
        await _seed.AuditAsync(new DateTimeOffset(2026, 1, 20, 8, 0, 0, TimeSpan.Zero), AuditActions.ThresholdChanged, "default", "minimum 0.426 -> 0.450", null);
        await _seed.AuditAsync(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), AuditActions.MoratoriumRefused, "door:search page", "blocked", b1);
        await _seed.AuditAsync(new DateTimeOffset(2026, 3, 3, 8, 0, 0, TimeSpan.Zero), AuditActions.ThresholdChanged, $"sector:{B}", "minimum 0.450 -> 0.600", null);
        for (var i = 0; i < 6; i++)
            await _seed.AuditAsync(new DateTimeOffset(2026, 4, 2 + i, 0, 0, 0, TimeSpan.Zero), AuditActions.MoratoriumRefused, "door:search page", "blocked", b1);
        await _seed.AuditAsync(new DateTimeOffset(2026, 5, 5, 8, 0, 0, TimeSpan.Zero), AuditActions.ThresholdChanged, $"organisation:{_a1}", "own threshold none -> 0.500", _a1);
        await _seed.ChangeStatusAsync(_a1, OrganisationStatus.Suspended, new DateTimeOffset(2026, 5, 10, 0, 0, 0, TimeSpan.Zero));
        await _seed.KnockAsync(staff, new DateTimeOffset(2026, 5, 11, 0, 0, 0, TimeSpan.Zero));
        await _seed.KnockAsync(staff, new DateTimeOffset(2026, 5, 12, 0, 0, 0, TimeSpan.Zero));
        await _seed.ChangeStatusAsync(_a1, OrganisationStatus.Approved, new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero));

        return await _host.Get<TransparencyReports>().ComputeAsync(Now);
    }

    [Fact]
    public async Task EveryFigureEqualsTheHandComputedValueWithSmallCountsSuppressed()
    {
        var report = await SeededReportAsync();
        string Value(Quarter quarter, Sector sector, TransparencyMeasure measure) => report.Figure(quarter, sector, measure).Value;

        // The eight completed quarters: 2024 Q3 to 2026 Q2.
        Assert.Equal(Enumerable.Range(0, 8).Select(i => new Quarter(2024 + (i + 2) / 4, (i + 2) % 4 + 1)), report.Quarters);
        Assert.Equal(new[] { "6", "0", "0" }, new[] { Value(Q1, A, M.Approved), Value(Q1, A, M.Suspended), Value(Q1, A, M.Rejected) });
        Assert.Equal(new[] { "0", "< 5" }, new[] { Value(Q2, A, M.Approved), Value(Q2, A, M.Suspended) });
        Assert.Equal(new[] { "< 5", "< 5" }, new[] { Value(Q1, B, M.Approved), Value(Q1, B, M.Rejected) });
        Assert.Equal(new[] { "6", "6", "12" }, new[] { Value(Q1, A, M.CasesOpened), Value(Q1, A, M.ProbesSearched), Value(Q1, A, M.CandidatesProduced) });
        Assert.Equal(new[] { "< 5", "< 5", "< 5" }, new[] { Value(Q1, B, M.CasesOpened), Value(Q1, B, M.ProbesSearched), Value(Q1, B, M.CandidatesProduced) });
        Assert.Equal("0", Value(new Quarter(2024, 4), A, M.CasesOpened));
        Assert.Equal(new[] { "5", "< 5", "0" }, new[] { Value(Q2, A, M.CasesClosed(CaseOutcome.Found)), Value(Q2, A, M.CasesClosed(CaseOutcome.Withdrawn)),
            Value(Q2, A, M.CasesClosed(CaseOutcome.Reunited)) });
        Assert.Equal(new[] { "6", "< 5", "< 5" }, new[] { Value(Q2, A, M.CandidatesConfirmed), Value(Q2, A, M.CandidatesRejected), Value(Q2, A, M.CandidatesDisputed) });
        Assert.Equal(new[] { "< 5", "0" }, new[] { Value(Q2, B, M.CandidatesConfirmed), Value(Q2, B, M.CandidatesDisputed) });
        // Nine second reviews in A, at 1, 2, 3, 4, 5, 6, 7, 8 and 10 hours into April: the median is the fifth, 5 hours in.
        var median = Math.Round((April.AddHours(5) - Found).TotalHours, 1);
        Assert.Equal(median.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture), Value(Q2, A, M.MedianHoursToSecondReview));
        Assert.Equal(median, report.Figure(Q2, A, M.MedianHoursToSecondReview).Number);
        Assert.Equal(SmallCount.NoMedian, Value(Q2, B, M.MedianHoursToSecondReview)); // one review only
        Assert.Equal(new[] { "< 5", "6", "0" }, new[] { Value(Q1, B, M.RefusedByMoratorium), Value(Q2, B, M.RefusedByMoratorium), Value(Q2, A, M.RefusedByMoratorium) });
        Assert.Equal(new[] { "< 5", "0" }, new[] { Value(Q2, A, M.RefusedBySuspension), Value(Q2, B, M.RefusedBySuspension) });
        Assert.Equal(new[] { "5", "< 5", "0" }, new[] { Value(Q2, A, M.Erased(ErasureCause.Schedule)), Value(Q2, A, M.Erased(ErasureCause.SubjectRequest)),
            Value(Q2, A, M.Erased(ErasureCause.Trash)) });
        Assert.All(TransparencyMeasures.All, m => Assert.Equal(m.IsMedian ? SmallCount.NoMedian : "0", Value(Q2, Sector.Research, m)));
    }

    [Fact]
    public async Task SuppressedFiguresHaveNoNumberAndTheChartTotalsAreLowerBoundsWhereASectorIsSuppressed()
    {
        var report = await SeededReportAsync();

        Assert.Null(report.Figure(Q1, B, M.CandidatesProduced).Number);
        // A's 12; B's "< 5" counts as the one it is known to be at least, and marks the total as a lower bound.
        Assert.Equal(new ChartTotal(13, AtLeast: true), report.ChartTotal(Q1, M.CandidatesProduced));
        Assert.Equal("≥ 13", report.ChartTotal(Q1, M.CandidatesProduced).ToString());
        Assert.Equal(new ChartTotal(7, AtLeast: true), report.ChartTotal(Q2, M.CandidatesConfirmed)); // A 6, B "< 5"
        Assert.Equal(new ChartTotal(6, AtLeast: false), report.ChartTotal(Q2, M.RefusedByMoratorium)); // B 6, every other sector 0: exact
        var csv = TransparencyDownloads.Csv(report);
        Assert.Contains("2026 Q1,LawEnforcement,candidates-produced,Candidates produced,< 5", csv);
        Assert.Contains("2026 Q2,LawEnforcement,refusals-moratorium,Refused: sector under moratorium,6", csv);
        Assert.Equal(1 + 8 * Sectors.All.Count * TransparencyMeasures.All.Count + 8, csv.TrimEnd().Split('\n').Length);
    }

    [Fact]
    public async Task TheThresholdHistoryListsDefaultAndSectorChangesAndOnlyCountsAnOrganisationsOwn()
    {
        var report = await SeededReportAsync();

        Assert.Equal(new[] { ("Default threshold", "0.426 → 0.45"), ("Minimum for Law enforcement", "0.45 → 0.60") },
            report.ThresholdHistory.Select(t => (t.Scope, t.Change)));
        Assert.Equal(new DateTimeOffset(2026, 1, 20, 8, 0, 0, TimeSpan.Zero), report.ThresholdHistory[0].At);
        Assert.Equal("< 5", report.OrganisationThresholdChanges.Single(c => c.Quarter == Q2).Value);
        Assert.Equal("0", report.OrganisationThresholdChanges.Single(c => c.Quarter == Q1).Value);
        var json = System.Text.Encoding.UTF8.GetString(TransparencyDownloads.Json(report));
        Assert.DoesNotContain(_a1.ToString(), json);
        Assert.DoesNotContain(_a1.ToString(), TransparencyDownloads.Csv(report));
        Assert.Equal(3, report.Models.Count);
    }

    [Fact]
    public async Task AGovernedChangeIsListedWithItsReasonAndWithoutItsProposalId()
    {
        _clock.SetUtcNow(new DateTimeOffset(2026, 5, 2, 9, 0, 0, TimeSpan.Zero));
        await GovernedThresholds.EnsureAdminsAsync(_host.Services);
        var proposals = _host.Get<ThresholdProposals>();
        var proposed = await proposals.ProposeAsync(GovernedThresholds.Proposer, null, 0.45f, "The spring evaluation set showed false matches at 0.40");
        Assert.True(proposed.Succeeded, proposed.Error);
        Assert.True((await proposals.ConfirmAsync(GovernedThresholds.OtherAdmin, proposed.Value)).Succeeded);

        var report = await _host.Get<TransparencyReports>().ComputeAsync(Now);

        var change = Assert.Single(report.ThresholdHistory);
        Assert.Equal(("Default threshold", "0.40 → 0.45", "The spring evaluation set showed false matches at 0.40"), (change.Scope, change.Change, change.Reason));
        var json = System.Text.Encoding.UTF8.GetString(TransparencyDownloads.Json(report));
        Assert.DoesNotContain(proposed.Value.ToString(), json);
        Assert.Contains("The spring evaluation set showed false matches at 0.40", json);
    }

    [Fact]
    public async Task TheCurrentQuarterIsNeverPublishedSoTwoSnapshotsCannotBeCompared()
    {
        var report = await SeededReportAsync();
        var later = await _host.Get<TransparencyReports>().ComputeAsync(Now.AddDays(40));

        Assert.Equal(Q2, report.Quarters[^1]);
        Assert.DoesNotContain("2026 Q3", TransparencyDownloads.Csv(report));
        Assert.DoesNotContain("2026 Q3", System.Text.Encoding.UTF8.GetString(TransparencyDownloads.Json(report)));
        // Later in the same quarter the published figures are the very same.
        Assert.Equal(report.Figures.Select(f => (f.Quarter, f.Sector, f.Measure.Key, f.Value)), later.Figures.Select(f => (f.Quarter, f.Sector, f.Measure.Key, f.Value)));
    }
}
