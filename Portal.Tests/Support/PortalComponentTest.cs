using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Portal.Tests.Support;

/// <summary>bUnit base: MudBlazor services, loose JS interop, and a chosen signed-in principal.</summary>
public abstract class PortalComponentTest : BunitContext
{
    protected PortalComponentTest()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    /// <summary>Signs a principal in for the components rendered afterwards, with the portal's real policies.</summary>
    protected void SignIn(ClaimsPrincipal principal)
    {
        Services.AddCascadingAuthenticationState();
        Services.AddSingleton<AuthenticationStateProvider>(new FixedAuthenticationStateProvider(principal));
    }

    /// <summary>
    /// MudBlazor registers services that only dispose asynchronously, and xunit 2 disposes test classes
    /// synchronously: dispose the asynchronous way and wait.
    /// </summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
            DisposeAsyncCore().AsTask().GetAwaiter().GetResult();
    }

    public static ClaimsPrincipal Principal(string userId, string email, params string[] roles)
    {
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, userId), new(ClaimTypes.Name, email) };
        claims.AddRange(roles.Select(role => new Claim(ClaimTypes.Role, role)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, "Test"));
    }

    private sealed class FixedAuthenticationStateProvider(ClaimsPrincipal principal) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(principal));
    }
}
