using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Portal.Domain.Identity;
using Portal.Domain.Organisations;
using Portal.Infrastructure.Options;
using Portal.Infrastructure.Organisations;

namespace Portal.Web.Authorization;

/// <summary>
/// Subjects' deletion requests: a platform admin with an authenticator (where the admin pages require one), or the admin
/// of an organisation approved now. The services check again (<c>SubjectRequestAccess</c>), as at every door.
/// </summary>
public sealed class DeletionRequestsRequirement : IAuthorizationRequirement;

internal sealed class DeletionRequestsHandler(MembershipLookup lookup, IOptionsMonitor<SecurityOptions> security)
    : AuthorizationHandler<DeletionRequestsRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, DeletionRequestsRequirement requirement)
    {
        var userId = context.User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null)
            return;
        var allowed = context.User.IsInRole(Roles.PlatformAdmin)
            ? !security.CurrentValue.RequireTwoFactorForAdmins || await lookup.HasTwoFactorAsync(userId)
            : await lookup.FindAsync(userId) is { IsOrganisationAdmin: true, Status: OrganisationStatus.Approved };
        if (allowed)
            context.Succeed(requirement);
    }
}
