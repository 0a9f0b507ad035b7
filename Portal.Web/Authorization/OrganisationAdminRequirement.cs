using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Portal.Domain.Organisations;
using Portal.Infrastructure.Organisations;

namespace Portal.Web.Authorization;

/// <summary>The user administers their organisation, and it is approved now.</summary>
public sealed class OrganisationAdminRequirement : IAuthorizationRequirement;

internal sealed class OrganisationAdminHandler(MembershipLookup lookup) : AuthorizationHandler<OrganisationAdminRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, OrganisationAdminRequirement requirement)
    {
        var userId = context.User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is not null && await lookup.FindAsync(userId) is { IsOrganisationAdmin: true, Status: OrganisationStatus.Approved })
            context.Succeed(requirement);
    }
}
