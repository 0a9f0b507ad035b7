using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Portal.Domain.Identity;

namespace Portal.Web.Authorization;

internal static class AdminAccess
{
    /// <summary>
    /// A platform admin whom the admin pages' own policy still refuses: with the role in hand, the only requirement
    /// left is the authenticator. Asking the policy, not the setting, keeps the pages and this answer in step.
    /// </summary>
    public static async Task<bool> NeedsAuthenticatorAsync(this IAuthorizationService authorization, ClaimsPrincipal user) =>
        user.IsInRole(Roles.PlatformAdmin) && !(await authorization.AuthorizeAsync(user, Policies.PlatformAdmin)).Succeeded;
}
