using System.Security.Claims;
using Portal.Infrastructure.Lifecycle.Certificates;
using Portal.Web.Authorization;
using Portal.Web.Identity;

namespace Portal.Web.Hosting;

/// <summary>
/// A deletion certificate's JSON, as an attachment: for platform admins and the admins of the erasure's organisation
/// (another organisation's is "not found"). The service audits every download and every refused one; never cached.
/// </summary>
internal static class CertificateEndpoints
{
    public static void MapPortalCertificates(this WebApplication app)
    {
        app.MapGet("/certificates/{id:guid}/json", async (Guid id, ClaimsPrincipal user, DeletionCertificates certificates, HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            context.Response.Headers.XContentTypeOptions = "nosniff";
            var outcome = await certificates.DownloadAsync(user.ToActor(), id, context.RequestAborted);
            return outcome.Succeeded ? Results.File(outcome.Value!.Json, "application/json", outcome.Value.FileName) : outcome.ToResult();
        }).RequireAuthorization(Policies.DeletionCertificates);
    }
}
