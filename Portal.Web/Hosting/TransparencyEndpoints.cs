using System.Text;
using Portal.Infrastructure.Transparency;

namespace Portal.Web.Hosting;

/// <summary>
/// The public transparency report's downloads, without sign-in: the same cached, suppressed figures as the page
/// (counts under 5 as "&lt; 5"), so a download is no cheaper way to load the database or to see more.
/// </summary>
internal static class TransparencyEndpoints
{
    public static void MapPortalTransparency(this WebApplication app)
    {
        app.MapGet("/transparency.csv", async (TransparencyReports reports, HttpContext context) =>
        {
            var report = await reports.CurrentAsync(context.RequestAborted);
            context.Response.Headers.XContentTypeOptions = "nosniff";
            return Results.File(Encoding.UTF8.GetBytes(TransparencyDownloads.Csv(report)), "text/csv; charset=utf-8", FileName(report, "csv"));
        }).AllowAnonymous();
        app.MapGet("/transparency.json", async (TransparencyReports reports, HttpContext context) =>
        {
            var report = await reports.CurrentAsync(context.RequestAborted);
            context.Response.Headers.XContentTypeOptions = "nosniff";
            return Results.File(TransparencyDownloads.Json(report), "application/json", FileName(report, "json"));
        }).AllowAnonymous();
    }

    private static string FileName(TransparencyReport report, string extension) =>
        $"reunite-transparency-{report.ComputedAt.UtcDateTime:yyyy-MM-dd}.{extension}";
}
