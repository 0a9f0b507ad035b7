using System.Globalization;
using System.Security.Claims;
using System.Text;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Review;
using Portal.Web.Authorization;
using Portal.Web.Identity;

namespace Portal.Web.Hosting;

/// <summary>
/// Downloads: a case's confirmed leads (its own staff) and a filtered audit log (platform admins). Both are
/// audited by the services that produce them, and neither is cached.
/// </summary>
internal static class ExportEndpoints
{
    public static void MapPortalExports(this WebApplication app)
    {
        app.MapGet("/cases/{id:guid}/leads/csv", async (Guid id, ClaimsPrincipal user, LeadsExporter exporter, HttpContext context) =>
        {
            NoStore(context);
            var outcome = await exporter.ExportAsync(user.ToActor(), id, "CSV", context.RequestAborted);
            if (!outcome.Succeeded)
                return outcome.ToResult();
            var export = outcome.Value!;
            var name = $"confirmed-leads-{FileSafe(export.CaseReference)}.csv";
            return Results.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(LeadsExporter.ToCsv(export))).ToArray(), "text/csv", name);
        }).RequireAuthorization(Policies.PartnerStaff);

        app.MapGet("/admin/audit/export", async (string? actor, Guid? organisation, string? action, DateTimeOffset? from, DateTimeOffset? to,
            ClaimsPrincipal user, AuditQueries audit, HttpContext context) =>
        {
            NoStore(context);
            context.Response.ContentType = "text/csv; charset=utf-8";
            context.Response.Headers.ContentDisposition =
                $"attachment; filename=\"audit-{DateTime.UtcNow.ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture)}.csv\"";
            await using var writer = new StreamWriter(context.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
            await audit.ExportCsvAsync(user.ToActor(), new AuditFilter(actor, organisation, action, from, to), writer, context.RequestAborted);
            return Results.Empty;
        }).RequireAuthorization(Policies.PlatformAdmin);
    }

    private static void NoStore(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.XContentTypeOptions = "nosniff";
    }

    private static string FileSafe(string reference) =>
        new string(reference.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray()).Trim('-') is { Length: > 0 } safe ? safe : "case";
}
