using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Portal.Domain.Organisations;
using Portal.Infrastructure.Organisations;

namespace Portal.Web.Authorization;

/// <summary>The user belongs to an organisation whose status is Approved right now.</summary>
public sealed class ApprovedOrganisationRequirement : IAuthorizationRequirement;

internal sealed class ApprovedOrganisationHandler(MembershipLookup lookup)
    : AuthorizationHandler<ApprovedOrganisationRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, ApprovedOrganisationRequirement requirement)
    {
        var userId = context.User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null)
            return;
        var membership = await lookup.FindAsync(userId);
        if (membership?.Status == OrganisationStatus.Approved)
            context.Succeed(requirement);
    }
}
