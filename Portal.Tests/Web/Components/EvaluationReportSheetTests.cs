using Bunit;
using Portal.Domain.Accuracy;
using Portal.Infrastructure.Evaluations;
using Portal.Tests.Support;
using Portal.Web.Components.Evaluations;

namespace Portal.Tests.Web.Components;

/// <summary>The printed report shows every set's row, says "not enough impostor pairs" where it is so, and draws its charts beside their tables.</summary>
public sealed class EvaluationReportSheetTests : PortalComponentTest
{
    [Fact]
    public void ShowsARowPerSetTheIntervalsNotEnoughImpostorPairsAndTheCharts()
    {
        // Hand-made scores: 4 genuine (1 below 0.40), 6 impostor (1 at or above 0.40) overall; group b has no pairs.
        var overall = new ScoreSets([0.9, 0.8, 0.7, 0.3], [0.1, 0.2, 0.0, -0.1, 0.45, 0.05]);
        var groupA = new ScoreSets([0.9, 0.8], [0.1, 0.45]);
        var report = new EvaluationReport(0.40f, 1, 8, 1, [new RefusalCount("The file is not a JPEG or PNG image.", 2)],
        [
            EvaluationReport.Set(null, null, AccuracyFigures.Of(overall, 0.40), new PeopleCount(6, 3)),
            EvaluationReport.Set("band", "a", AccuracyFigures.Of(groupA, 0.40), new PeopleCount(3, 2)),
            // Stored before people were counted.
            EvaluationReport.Set("band", "b", AccuracyFigures.Of(new ScoreSets([], []), 0.40), PeopleCount.None) with { People = null, GenuinePeople = null },
        ]);

        var sheet = Render<EvaluationReportSheet>(p => p.Add(c => c.Name, "Shared faces").Add(c => c.Report, report)
            .Add(c => c.UploadedAt, new DateTimeOffset(2026, 12, 2, 3, 0, 0, TimeSpan.Zero)));

        var rows = sheet.FindAll("[data-testid=evaluation-row]");
        Assert.Equal(3, rows.Count);
        Assert.Equal(["All pairs", "4", "6"], rows[0].Children.Take(3).Select(c => c.TextContent.Trim()));
        // 1 of 6 impostor pairs matched: 16.67 % with its Wilson interval; 1 of 4 genuine pairs missed: 25 %.
        Assert.Contains("16.67 % [", rows[0].TextContent);
        Assert.Contains("(1 of 6)", rows[0].TextContent);
        Assert.Contains("25 % [", rows[0].TextContent);
        Assert.Contains("Not enough impostor pairs (6 of 300)", rows[0].TextContent);
        Assert.Contains("band = b", rows[2].TextContent);
        Assert.Contains("No pairs", rows[2].TextContent);
        // The admin's own page shows the people behind each set: all of them, and those with two or more usable photos.
        Assert.Equal(["6", "3"], rows[0].Children.TakeLast(2).Select(c => c.TextContent.Trim()));
        Assert.Equal(["not counted", "not counted"], rows[2].Children.TakeLast(2).Select(c => c.TextContent.Trim()));
        Assert.Contains("2 refused: The file is not a JPEG or PNG image.", sheet.Find("[data-testid=evaluation-refused]").TextContent);
        Assert.NotEmpty(sheet.Find("[data-testid=det-chart]").QuerySelectorAll("svg"));
        Assert.NotEmpty(sheet.Find("[data-testid=histogram-chart]").QuerySelectorAll("svg"));
    }
}
