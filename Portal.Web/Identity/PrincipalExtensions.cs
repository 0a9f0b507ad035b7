using System.Security.Claims;
using Portal.Domain.Common;
using Portal.Domain.Identity;
using Portal.Infrastructure.Identity;

namespace Portal.Web.Identity;

internal static class PrincipalExtensions
{
    /// <summary>The signed-in user as services and the audit log see them.</summary>
    public static Actor ToActor(this ClaimsPrincipal principal) => new(
        principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("Not signed in."),
        principal.Identity?.Name ?? "unknown",
        Guid.TryParse(principal.FindFirstValue(PortalClaimTypes.OrganisationId), out var organisationId) ? organisationId : null,
        principal.IsInRole(Roles.PlatformAdmin));
}
