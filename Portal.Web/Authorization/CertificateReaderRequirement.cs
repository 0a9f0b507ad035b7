using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Portal.Domain.Identity;
using Portal.Domain.Organisations;
using Portal.Infrastructure.Options;
using Portal.Infrastructure.Organisations;

namespace Portal.Web.Authorization;

/// <summary>
/// Deletion certificates: a platform admin as the admin pages require one (an enrolled authenticator where required), or
/// the admin of an approved organisation. Which certificates each may see is the service's check (their own organisation's).
/// </summary>
public sealed class CertificateReaderRequirement : IAuthorizationRequirement;

internal sealed class CertificateReaderHandler(MembershipLookup lookup, IOptionsMonitor<SecurityOptions> security)
    : AuthorizationHandler<CertificateReaderRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, CertificateReaderRequirement requirement)
    {
        if (context.User.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId)
            return;
        var allowed = context.User.IsInRole(Roles.PlatformAdmin)
            ? !security.CurrentValue.RequireTwoFactorForAdmins || await lookup.HasTwoFactorAsync(userId)
            : await lookup.FindAsync(userId) is { IsOrganisationAdmin: true, Status: OrganisationStatus.Approved };
        if (allowed)
            context.Succeed(requirement);
    }
}
