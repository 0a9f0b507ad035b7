using System.Globalization;
using System.Text;
using System.Text.Json;
using Portal.Domain.Transparency;
using Portal.Infrastructure.Common;

namespace Portal.Infrastructure.Transparency;

/// <summary>
/// The report as CSV (one row per quarter × sector × measure) and as JSON, with exactly the figures the page shows:
/// counts under 5 as "&lt; 5", medians of too few items as "—". Nothing unsuppressed is ever written.
/// </summary>
public static class TransparencyDownloads
{
    public const string Note =
        "Counts from 1 to 4 are shown as \"< 5\"; a median of fewer than 5 items is shown as \"—\". Quarters are calendar quarters in UTC. " +
        "An organisation is counted in its current sector. Refusals are counted from the audit log, which keeps entries for a limited period.";

    public static string Csv(TransparencyReport report)
    {
        var text = new StringBuilder();
        text.AppendLine(Common.Csv.Row(["quarter", "sector", "measure", "label", "value"]));
        foreach (var figure in report.Figures)
            text.AppendLine(Common.Csv.Row([figure.Quarter.Label, figure.Sector.ToString(), figure.Measure.Key, figure.Measure.Label, figure.Value]));
        foreach (var count in report.OrganisationThresholdChanges)
            text.AppendLine(Common.Csv.Row([count.Quarter.Label, "", "organisation-threshold-changes", "Organisations' own threshold changes", count.Value]));
        return text.ToString();
    }

    public static byte[] Json(TransparencyReport report) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        computedAt = report.ComputedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        note = Note,
        quarters = report.Quarters.Select(q => q.Label),
        figures = report.Figures.Select(f => new { quarter = f.Quarter.Label, sector = f.Sector.ToString(), measure = f.Measure.Key, value = f.Value }),
        models = report.Models.Select(m => new { file = m.File, sha256 = m.Sha256 }),
        modelsVerified = report.ModelsVerified,
        thresholdHistory = report.ThresholdHistory.Select(t =>
            new { at = t.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture), scope = t.Scope, change = t.Change, reason = t.Reason }),
        organisationThresholdChanges = report.OrganisationThresholdChanges.Select(c => new { quarter = c.Quarter.Label, value = c.Value }),
    }, new JsonSerializerOptions { WriteIndented = true });
}
