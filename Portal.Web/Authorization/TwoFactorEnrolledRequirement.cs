using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Portal.Infrastructure.Options;
using Portal.Infrastructure.Organisations;

namespace Portal.Web.Authorization;

/// <summary>The user has an authenticator enrolled (when the portal requires it for this policy).</summary>
public sealed class TwoFactorEnrolledRequirement : IAuthorizationRequirement;

internal sealed class TwoFactorEnrolledHandler(MembershipLookup lookup, IOptionsMonitor<SecurityOptions> security)
    : AuthorizationHandler<TwoFactorEnrolledRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, TwoFactorEnrolledRequirement requirement)
    {
        if (!security.CurrentValue.RequireTwoFactorForAdmins)
        {
            context.Succeed(requirement);
            return;
        }
        var userId = context.User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is not null && await lookup.HasTwoFactorAsync(userId))
            context.Succeed(requirement);
    }
}
