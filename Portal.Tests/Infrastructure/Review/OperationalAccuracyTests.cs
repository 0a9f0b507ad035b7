using Microsoft.EntityFrameworkCore;
using Portal.Domain.Common;
using Portal.Domain.Organisations;
using Portal.Domain.Review;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Review;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Review;

/// <summary>
/// Operational accuracy from reviews made through the real two-person path: candidates of known scores, decided by
/// known verdicts, give the per-band, per-sector and disagreement counts worked out by hand below.
/// </summary>
public sealed class OperationalAccuracyTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private InfrastructureHost _host = default!;
    private Actor _admin = default!;

    public async Task InitializeAsync()
    {
        _host = await InfrastructureHost.StartAsync(_data.Path, seedDemoData: true);
        _admin = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.AdminEmail);
    }

    private const ReviewVerdict C = ReviewVerdict.Confirm, R = ReviewVerdict.Reject;

    [Fact]
    public async Task BandSectorAndDisagreementCountsEqualTheHandComputedOnes()
    {
        // Thorn (child protection): 0.42 C+C, 0.43 R+R, 0.44 C+R (unsettled), 0.62 C+C, 0.63 R+C settled Confirm, 0.91 first review only.
        var thorn = await ReviewedAsync("staff@thorn.example", "reviewer@thorn.example", "reviewer2@thorn.example", "TH-ACC",
            (0.42f, C, C), (0.43f, R, R), (0.44f, C, R), (0.62f, C, C), (0.63f, R, C), (0.91f, C, null));
        Assert.True((await _host.Get<ReviewService>().SettleAsync(_admin, thorn[4], C, "same scar above the eyebrow")).Succeeded);
        // Marinus (anti-trafficking): 0.44 R+R, 0.95 C+C, and 0.61 C+C whose second review was 200 days ago.
        var marinus = await ReviewedAsync("staff@marinus.example", "reviewer@marinus.example", "reviewer2@marinus.example", "MA-ACC",
            (0.44f, R, R), (0.95f, C, C), (0.61f, C, C));
        await using (var db = await DbAsync())
        {
            var old = DateTimeOffset.UtcNow.AddDays(-200);
            await db.ReviewDecisions.Where(d => d.CandidateId == marinus[2]).ExecuteUpdateAsync(s => s.SetProperty(d => d.DecidedAt, old));
        }

        var recent = (await _host.Get<OperationalAccuracy>().ReportAsync(_admin, AccuracyPeriod.Last90Days)).Value!.Report;
        var all = (await _host.Get<OperationalAccuracy>().ReportAsync(_admin, AccuracyPeriod.All)).Value!.Report;

        Assert.Equal((1, 2, 1, 4, 1), Counts(recent.Bands, "0.40–0.45"));
        Assert.Equal(1.0 / 3, recent.Bands.Single(b => b.Label == "0.40–0.45").Rate.Rate!.Value, 6);
        Assert.Equal((2, 0, 0, 2, 1), Counts(recent.Bands, "0.60–0.65"));
        Assert.Equal((1, 0, 0, 1, 0), Counts(recent.Bands, "0.90–1.00"));
        Assert.Equal((3, 1, 1, 5, 2), Counts(recent.Sectors, Sector.ChildProtectionNonprofit.Label()));
        Assert.Equal((1, 1, 0, 2, 0), Counts(recent.Sectors, Sector.AntiTraffickingNonprofit.Label()));
        Assert.Equal((4, 2, 1, 7, 2), Counts([recent.Overall], recent.Overall.Label));
        Assert.Equal((3, 0, 0, 3, 1), Counts(all.Bands, "0.60–0.65"));
        Assert.Equal((5, 2, 1, 8, 2), Counts([all.Overall], all.Overall.Label));
    }

    [Fact]
    public async Task APartnerAdminIsRefused()
    {
        var staff = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.ThornStaff);

        var outcome = await _host.Get<OperationalAccuracy>().ReportAsync(staff, AccuracyPeriod.All);

        Assert.Equal(OutcomeKind.Forbidden, outcome.Kind);
        Assert.Null(outcome.Value);
    }

    [Fact]
    public async Task TheViewCarriesTheThresholdsInForce()
    {
        await GovernedThresholds.SetAsync(_host.Services, Sector.AntiTraffickingNonprofit, 0.55f);

        var view = (await _host.Get<OperationalAccuracy>().ReportAsync(_admin, AccuracyPeriod.LastYear)).Value!;

        Assert.Equal(0.40f, view.DefaultThreshold);
        Assert.Equal(0.55f, view.SectorMinimums[Sector.AntiTraffickingNonprofit]);
    }

    private static (int, int, int, int, int) Counts(IEnumerable<AccuracyRow> rows, string label)
    {
        var row = rows.Single(r => r.Label == label);
        return (row.Confirmed, row.Rejected, row.Disputed, row.SecondReviews, row.Disagreements);
    }

    /// <summary>A case of the staff member's organisation with one candidate per score, each decided by the two reviewers as given.</summary>
    private async Task<IReadOnlyList<Guid>> ReviewedAsync(string staffEmail, string firstEmail, string secondEmail, string reference,
        params (float Score, ReviewVerdict First, ReviewVerdict? Second)[] candidates)
    {
        var staff = await ReviewScenario.ActorAsync(_host.Services, staffEmail);
        var first = await ReviewScenario.ActorAsync(_host.Services, firstEmail);
        var second = await ReviewScenario.ActorAsync(_host.Services, secondEmail);
        var ids = (await ReviewScenario.SearchedCaseAsync(_host.Services, staff, reference, candidates.Length)).Candidates;
        var reviews = _host.Get<ReviewService>();
        for (var i = 0; i < candidates.Length; i++)
        {
            var (score, firstVerdict, secondVerdict) = candidates[i];
            var id = ids[i];
            await using (var db = await DbAsync())
                await db.Candidates.Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Similarity, score));
            Assert.True((await reviews.DecideAsync(first, id, firstVerdict, "first look")).Succeeded);
            if (secondVerdict is { } verdict)
                Assert.True((await reviews.DecideAsync(second, id, verdict, "second look")).Succeeded);
        }
        return ids;
    }

    private Task<PortalDbContext> DbAsync() => _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }
}
