using Bunit;
using Portal.Domain.Organisations;
using Portal.Domain.Review;
using Portal.Infrastructure.Review;
using Portal.Tests.Support;
using Portal.Web.Components.Admin.Accuracy;

namespace Portal.Tests.Web.Components;

/// <summary>The operational accuracy report renders a seeded view: rates with intervals, small samples labelled, thresholds named.</summary>
public sealed class AccuracyReportViewTests : PortalComponentTest
{
    private static OperationalAccuracyView View(params ReviewedCandidate[] reviewed) =>
        new(AccuracyPeriod.All, OperationalAccuracyReport.From(reviewed), 0.40f,
            Sectors.All.ToDictionary(s => s, s => s == Sector.LawEnforcement ? 0.80f : 0.40f));

    [Fact]
    public void ABandShowsItsCountsRateAndIntervalAndASmallSampleIsLabelled()
    {
        var reviewed = Enumerable.Repeat(new ReviewedCandidate(0.42f, Sector.ChildProtectionNonprofit, ReviewState.Confirmed, false), 8)
            .Concat(Enumerable.Repeat(new ReviewedCandidate(0.43f, Sector.ChildProtectionNonprofit, ReviewState.Rejected, true), 2))
            .Append(new ReviewedCandidate(0.71f, Sector.AntiTraffickingNonprofit, ReviewState.Rejected, false))
            .ToArray();

        var report = Render<AccuracyReportView>(p => p.Add(c => c.View, View(reviewed)));

        var band = report.FindAll("[data-testid=bands-row]").Single(r => r.TextContent.Contains("0.40–0.45"));
        Assert.Contains("80% (49%–94%)", band.TextContent);
        Assert.Contains("2 of 10 (20%)", band.TextContent);
        Assert.Empty(band.QuerySelectorAll("[data-testid=small-sample]"));
        var small = report.FindAll("[data-testid=bands-row]").Single(r => r.TextContent.Contains("0.70–0.75"));
        Assert.Contains("small sample (1)", small.TextContent);
        Assert.Contains("no decided leads", report.FindAll("[data-testid=bands-row]").Single(r => r.TextContent.Contains("0.50–0.55")).TextContent);
        Assert.Contains("11 reviewed lead(s)", report.Find("[data-testid=overall]").TextContent);
    }

    [Fact]
    public void TheThresholdsInForceAreNamedWithTheirBands()
    {
        var report = Render<AccuracyReportView>(p => p.Add(c => c.View, View(new ReviewedCandidate(0.5f, Sector.Research, ReviewState.Confirmed, false))));

        var markers = report.Find("[data-testid=threshold-markers]").TextContent;
        Assert.Contains("default 0.40 (band 0.40–0.45)", markers);
        Assert.Contains("Law enforcement 0.80 (band 0.80–0.85)", markers);
        Assert.DoesNotContain("Research 0.40", markers);
    }

    [Fact]
    public void WithoutDecidedLeadsTheChartSaysSo()
    {
        var report = Render<AccuracyReportView>(p => p.Add(c => c.View, View()));

        Assert.Contains("No lead was confirmed or rejected", report.Find("[data-testid=chart-empty]").TextContent);
    }
}
