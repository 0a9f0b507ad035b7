using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Portal.Domain.Identity;
using Portal.Domain.Organisations;
using Portal.Infrastructure.Options;
using Portal.Infrastructure.Organisations;

namespace Portal.Web.Authorization;

/// <summary>
/// Subjects' deletion requests and deletion certificates: a platform admin with an authenticator (where the admin pages
/// require one), or the admin of an organisation approved now. Which requests and certificates each may see is the
/// services' check (their own organisation's), as at every door.
/// </summary>
public sealed class LifecycleAdminRequirement : IAuthorizationRequirement;

internal sealed class LifecycleAdminHandler(MembershipLookup lookup, IOptionsMonitor<SecurityOptions> security)
    : AuthorizationHandler<LifecycleAdminRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, LifecycleAdminRequirement requirement)
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
