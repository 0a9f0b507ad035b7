using System.Globalization;
using System.Security.Claims;
using System.Text;
using Portal.Infrastructure.Evaluations;
using Portal.Web.Authorization;
using Portal.Web.Identity;

namespace Portal.Web.Hosting;

/// <summary>
/// An evaluation report as JSON or CSV, for platform admins only; every download is audited and never cached. The
/// report holds aggregates only (no file names), so either file can be shared.
/// </summary>
internal static class EvaluationEndpoints
{
    public static void MapPortalEvaluations(this WebApplication app)
    {
        app.MapGet("/admin/evaluations/{id:guid}/json", (Guid id, ClaimsPrincipal user, EvaluationQueries queries, HttpContext context) =>
            DownloadAsync(id, user, queries, context, "json", report => (Encoding.UTF8.GetBytes(report.ToJson()), "application/json")))
            .RequireAuthorization(Policies.PlatformAdmin);
        app.MapGet("/admin/evaluations/{id:guid}/csv", (Guid id, ClaimsPrincipal user, EvaluationQueries queries, HttpContext context) =>
            DownloadAsync(id, user, queries, context, "csv", report => (Encoding.UTF8.GetBytes(Csv(report)), "text/csv")))
            .RequireAuthorization(Policies.PlatformAdmin);
    }

    private static async Task<IResult> DownloadAsync(Guid id, ClaimsPrincipal user, EvaluationQueries queries, HttpContext context, string format,
        Func<EvaluationReport, (byte[] Content, string Type)> write)
    {
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        var outcome = await queries.DownloadAsync(user.ToActor(), id, format, context.RequestAborted);
        if (!outcome.Succeeded)
            return outcome.ToResult();
        var (content, type) = write(outcome.Value!);
        return Results.File(content, type, $"evaluation-{id}.{format}"); // the id as the page and the queue show it
    }

    /// <summary>One row per set (all pairs, then each group value): counts, rates with their 95 % intervals, thresholds.</summary>
    public static string Csv(EvaluationReport report)
    {
        var text = new StringBuilder("column,value,genuine_pairs,impostor_pairs,fmr,fmr_lower,fmr_upper,fnmr,fnmr_lower,fnmr_upper,threshold_fmr_0.01,threshold_fmr_0.001\r\n");
        foreach (var set in report.Sets)
        {
            string[] fields =
            [
                set.Column ?? "all", set.Value ?? "", N(set.GenuinePairs), N(set.ImpostorPairs),
                N(set.FalseMatch.Rate), N(set.FalseMatch.Lower), N(set.FalseMatch.Upper),
                N(set.FalseNonMatch.Rate), N(set.FalseNonMatch.Lower), N(set.FalseNonMatch.Upper),
                Threshold(set, 0.01), Threshold(set, 0.001),
            ];
            text.Append(string.Join(",", fields.Select(Quoted))).Append("\r\n");
        }
        return text.ToString();
    }

    private static string Threshold(ReportSet set, double target) =>
        set.Thresholds.FirstOrDefault(t => Math.Abs(t.TargetFalseMatchRate - target) < 1e-12) is { } found
            ? found.Threshold is { } value ? N(value) : "not enough impostor pairs"
            : "";

    private static string N(double? value) => value?.ToString("0.######", CultureInfo.InvariantCulture) ?? "";

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);

    // RFC 4180, and a leading = + - @ defused so a spreadsheet does not run a group value as a formula.
    private static string Quoted(string field)
    {
        var safe = field.Length > 0 && "=+-@".Contains(field[0]) && !double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? "'" + field : field;
        return safe.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{safe.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : safe;
    }
}
