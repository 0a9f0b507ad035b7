using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Portal.Domain.Auditing;
using Portal.Infrastructure.Identity;

namespace Portal.Web.Components.Account;

internal static class IdentityComponentsEndpointRouteBuilderExtensions
{
    /// <summary>Endpoints the statically rendered account pages post to.</summary>
    public static IEndpointConventionBuilder MapAdditionalIdentityEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var accountGroup = endpoints.MapGroup("/Account");

        // A POST with antiforgery (the form carries the token): a link or an image cannot sign anyone out.
        accountGroup.MapPost("/Logout", async (
            ClaimsPrincipal user,
            [FromServices] SignInManager<ApplicationUser> signInManager,
            [FromServices] IAuditLog auditLog,
            [FromForm] string? returnUrl) =>
        {
            if (user.Identity?.IsAuthenticated == true)
            {
                await auditLog.RecordAsync(user.Identity.Name ?? "unknown", AuditActions.SignOut,
                    $"user:{user.FindFirstValue(ClaimTypes.NameIdentifier)}", "signed out");
                await signInManager.SignOutAsync();
            }
            return TypedResults.LocalRedirect("~/Account/Login");
        });

        return accountGroup;
    }
}
