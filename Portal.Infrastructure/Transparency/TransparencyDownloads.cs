using System.Globalization;
using System.Text;
using System.Text.Json;
using Portal.Infrastructure.Accountability;
using Portal.Infrastructure.Evaluations;

namespace Portal.Infrastructure.Transparency;

/// <summary>
/// The report as CSV (one row per quarter × sector × measure, then the latest evaluation's rows) and as JSON, with
/// exactly the figures the page shows: counts under 5 as "&lt; 5", medians of too few items as "—", groups of an
/// evaluation withheld column by column under the small-count rule. Nothing unsuppressed is ever written.
/// </summary>
public static class TransparencyDownloads
{
    public const string Note =
        "Counts from 1 to 4 are shown as \"< 5\"; a median of fewer than 5 items is shown as \"—\". Quarters are calendar quarters in UTC; " +
        "only completed quarters are published. An organisation's sector is fixed when it applies, so every event counts in the sector it had then. " +
        "Refusals are counted from the audit log, which keeps entries for a limited period. An evaluation's false match rate is shown only where " +
        "at least 5 people had a usable face, and its false non-match rate only where at least 5 people had two or more usable photos; where one " +
        "value of a group column falls short, that rate is withheld for the whole column, and the column is listed as not shown.";

    public static string Csv(TransparencyReport report)
    {
        var text = new StringBuilder();
        text.AppendLine(Common.Csv.Row(["quarter", "sector", "measure", "label", "value"]));
        foreach (var figure in report.Figures)
            text.AppendLine(Common.Csv.Row([figure.Quarter.Label, figure.Sector.ToString(), figure.Measure.Key, figure.Measure.Label, figure.Value]));
        foreach (var count in report.OrganisationThresholdChanges)
            text.AppendLine(Common.Csv.Row([count.Quarter.Label, "", "organisation-threshold-changes", "Organisations' own threshold changes", count.Value]));
        if (report.LatestTest is { } test)
            foreach (var (measure, label, value) in EvaluationRows(test))
                text.AppendLine(Common.Csv.Row(["", "", measure, label, value]));
        return text.ToString();
    }

    /// <summary>The latest evaluation as CSV rows: when, with what, then each published set's two rates.</summary>
    private static IEnumerable<(string Measure, string Label, string Value)> EvaluationRows(PublishedTest test)
    {
        yield return ("evaluation-completed-at", "Latest evaluation: completed (UTC)", Instant(test.CompletedAt));
        yield return ("evaluation-pipeline-version", "Latest evaluation: face pipeline version", test.PipelineVersion.ToString(CultureInfo.InvariantCulture));
        yield return ("evaluation-threshold", "Latest evaluation: threshold", test.Threshold.ToString("0.00", CultureInfo.InvariantCulture));
        foreach (var set in new[] { test.Overall }.Concat(test.Groups))
        {
            yield return ("evaluation-false-match-rate", $"False match rate (95 % interval): {set.Label}", PublishedTest.Text(set.FalseMatch));
            yield return ("evaluation-false-non-match-rate", $"False non-match rate (95 % interval): {set.Label}", PublishedTest.Text(set.FalseNonMatch));
        }
        foreach (var withheld in test.Withheld)
            yield return ("evaluation-not-shown", $"Not shown: {withheld.Column}", withheld.Reason);
    }

    public static byte[] Json(TransparencyReport report) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        computedAt = Instant(report.ComputedAt),
        note = Note,
        quarters = report.Quarters.Select(q => q.Label),
        figures = report.Figures.Select(f => new { quarter = f.Quarter.Label, sector = f.Sector.ToString(), measure = f.Measure.Key, value = f.Value }),
        models = report.Models.Select(m => new { role = m.Role, file = m.File, sha256 = m.Sha256 }),
        modelsVerified = report.ModelsVerified,
        thresholdHistory = report.ThresholdHistory.Select(t =>
            new { at = Instant(t.At), scope = t.Scope, change = t.Change, reason = t.Reason }),
        organisationThresholdChanges = report.OrganisationThresholdChanges.Select(c => new { quarter = c.Quarter.Label, value = c.Value }),
        latestEvaluation = report.LatestTest is { } test ? new
        {
            completedAt = Instant(test.CompletedAt),
            pipelineVersion = test.PipelineVersion,
            threshold = Math.Round(test.Threshold, 3),
            photos = test.Photos,
            photosCompared = test.PhotosCompared,
            overall = Set(test.Overall),
            groups = test.Groups.Select(Set),
            notShown = test.Withheld.Select(w => new { column = w.Column, reason = w.Reason, text = w.Text }),
            groupsBeyondTheList = test.GroupsOverCap,
        } : null,
    }, new JsonSerializerOptions { WriteIndented = true });

    private static object Set(PublishedSet set) => new
    {
        label = set.Label, genuinePairs = set.GenuinePairs, impostorPairs = set.ImpostorPairs,
        falseMatchRate = Rate(set.FalseMatch), falseNonMatchRate = Rate(set.FalseNonMatch),
    };

    /// <summary>A withheld rate is null with its text "not shown": never its errors or trials.</summary>
    private static object? Rate(ReportRate? rate) => rate is null ? new { rate = (double?)null, lower = (double?)null, upper = (double?)null, text = PublishedTest.NotShown }
        : new { rate = rate.Rate, lower = rate.Lower, upper = rate.Upper, text = PublishedTest.Text(rate) };

    private static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}
