using Bunit;
using Portal.Domain.Organisations;
using Portal.Domain.Transparency;
using Portal.Infrastructure.Accountability;
using Portal.Infrastructure.Evaluations;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Transparency;
using Portal.Tests.Support;
using Portal.Web.Components.Transparency;
using M = Portal.Domain.Transparency.TransparencyMeasures;

namespace Portal.Tests.Web.Components;

/// <summary>The public report renders its charts with a table of the same figures beside each, and every small count as "&lt; 5".</summary>
public sealed class TransparencyReportViewTests : PortalComponentTest
{
    private static readonly Quarter Q1 = new(2026, 1);
    private static readonly Quarter Q2 = new(2026, 2);

    [Fact]
    public void ShowsChartsWithTheirTablesAndSmallCountsAsLessThanFive()
    {
        var view = Render<TransparencyReportView>(p => p.Add(c => c.Report, Report()));

        var searches = view.Find("[data-testid=chart-searches]");
        Assert.NotEmpty(searches.QuerySelectorAll("svg"));
        // The chart's table: A's 40 searches and B's "< 5" as at least one, marked; 2026 Q2 is the second row.
        var rows = searches.QuerySelectorAll("tbody tr");
        Assert.Equal(new[] { "2026 Q1", "0", "0" }, rows[0].Children.Select(c => c.TextContent.Trim()));
        Assert.Equal(new[] { "2026 Q2", "≥ 41", "≥ 8" }, rows[1].Children.Select(c => c.TextContent.Trim()));
        Assert.Equal("< 5", view.Find($"[data-testid='2026 Q2|{Sector.LawEnforcement}|{M.ProbesSearched.Key}']").TextContent);
        Assert.Equal("40", view.Find($"[data-testid='2026 Q2|{Sector.ChildProtectionNonprofit}|{M.ProbesSearched.Key}']").TextContent);
        Assert.Equal(SmallCount.NoMedian, view.Find($"[data-testid='2026 Q2|{Sector.LawEnforcement}|{M.MedianHoursToSecondReview.Key}']").TextContent);
        // A sector with nothing to report in a quarter has no row.
        Assert.Empty(view.FindAll($"[data-testid='2026 Q1|{Sector.Research}|{M.ProbesSearched.Key}']"));
        Assert.Contains("Minimum for Law enforcement: minimum 0.450 -> 0.600", view.Find("[data-testid=threshold-history]").TextContent);
        Assert.Contains("2026 Q2: < 5", view.Find("[data-testid=organisation-threshold-changes]").TextContent);
        Assert.Contains("fr_feature.onnx", view.Find("[data-testid=model-files]").TextContent);
        Assert.Contains("No evaluation set has been run", view.Find("[data-testid=latest-test]").TextContent);
    }

    [Fact]
    public void ShowsTheLatestEvaluationWithItsDatePipelineRatesAndSuppressedGroupsAndLinksToTheAccountabilityReport()
    {
        var evaluation = SeededEvaluations.Report(6, 2, SeededEvaluations.Group("sex", "f", 5, 2), SeededEvaluations.Group("sex", "m", 1, 2),
            SeededEvaluations.Group("age", "70+", 2, 2));
        var test = PublishedTest.From(new LatestEvaluation(new DateTimeOffset(2026, 6, 20, 10, 0, 0, TimeSpan.Zero), evaluation))!;

        var view = Render<TransparencyReportView>(p => p.Add(c => c.Report, Report(test)));

        var latest = view.Find("[data-testid=latest-test]").TextContent;
        Assert.Contains("20 June 2026", latest);
        Assert.Contains($"pipeline version {FacePipelineVersion.Current}", latest);
        Assert.Equal(PublishedTest.Text(evaluation.Overall.FalseMatch), view.Find("[data-testid=latest-fmr]").TextContent);
        // sex = f has 5 people, but sex = m has 1: the whole column is withheld, or the overall minus f would show m.
        Assert.Equal(new[] { "All pairs" }, view.FindAll("[data-testid=latest-test-row] th").Select(th => th.TextContent));
        Assert.Equal(["sex: not shown, a value has fewer than 5 people", "age: not shown, a value has fewer than 5 people"],
            view.FindAll("[data-testid=groups-not-shown] [data-testid=figures-not-shown]").Select(li => li.TextContent));
        Assert.NotEmpty(view.FindAll("a[href=accountability]"));
    }

    private static TransparencyReport Report(PublishedTest? latestTest = null)
    {
        var figures = new List<TransparencyFigure>();
        foreach (var quarter in new[] { Q1, Q2 })
            foreach (var sector in Sectors.All)
                foreach (var measure in M.All)
                    figures.Add(Figure(quarter, sector, measure, Raw(quarter, sector, measure)));
        return new TransparencyReport(new DateTimeOffset(2026, 7, 1, 0, 0, 0, TimeSpan.Zero), [Q1, Q2], figures,
            [new PinnedModel("Face recognition", "fr_feature.onnx", "87aa")], true,
            [new ThresholdHistoryEntry(new DateTimeOffset(2026, 3, 3, 8, 0, 0, TimeSpan.Zero), "Minimum for Law enforcement", "minimum 0.450 -> 0.600")],
            [new QuarterCount(Q1, "0"), new QuarterCount(Q2, "< 5")], latestTest);
    }

    private static int Raw(Quarter quarter, Sector sector, TransparencyMeasure measure) => (quarter, sector, measure.Key) switch
    {
        (var q, Sector.ChildProtectionNonprofit, var key) when q == Q2 && key == "probes-searched" => 40,
        (var q, Sector.ChildProtectionNonprofit, var key) when q == Q2 && key == "candidates-produced" => 7,
        (var q, Sector.LawEnforcement, var key) when q == Q2 && key is "probes-searched" or "candidates-produced" => 3,
        _ => 0,
    };

    private static TransparencyFigure Figure(Quarter quarter, Sector sector, TransparencyMeasure measure, int raw) => measure.IsMedian
        ? new(quarter, sector, measure, SmallCount.NoMedian, null)
        : new(quarter, sector, measure, SmallCount.Show(raw), SmallCount.Publishable(raw));
}
