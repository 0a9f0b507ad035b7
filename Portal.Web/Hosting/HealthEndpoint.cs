using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Portal.Web.Authorization;

namespace Portal.Web.Hosting;

/// <summary>
/// /health: the overall status and its code (503 when a required part is down) for anyone; the state of each part
/// only for a signed-in platform admin or on the configured management port, since queue depths and the state of
/// the models tell an outsider more than they need.
/// </summary>
internal static class HealthEndpoint
{
    public static void MapPortalHealth(this WebApplication app) =>
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteJsonAsync }).AllowAnonymous();

    private static async Task WriteJsonAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        object body = await MayReadDetailsAsync(context)
            ? new
            {
                status = report.Status.ToString(),
                totalMilliseconds = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
                checks = report.Entries.ToDictionary(
                    entry => entry.Key,
                    entry => new { status = entry.Value.Status.ToString(), description = entry.Value.Description, data = entry.Value.Data }),
            }
            : new { status = report.Status.ToString() };
        await context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonOptions));
    }

    private static async Task<bool> MayReadDetailsAsync(HttpContext context)
    {
        var port = context.RequestServices.GetRequiredService<IOptions<HealthOptions>>().Value.DetailsPort;
        if (port is { } management && context.Connection.LocalPort == management)
            return true;
        // The same policy as the admin pages (role and, where required, an enrolled authenticator).
        var authorization = context.RequestServices.GetRequiredService<IAuthorizationService>();
        return context.User.Identity?.IsAuthenticated == true
            && (await authorization.AuthorizeAsync(context.User, Policies.PlatformAdmin)).Succeeded;
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
