using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Tests.Support;

namespace Portal.Tests.Web.Integration;

/// <summary>Portal:Security:RequireHttps, which is on outside Development.</summary>
public sealed class HttpsRequirementTests : IDisposable
{
    private readonly PortalFactory _factory = new();

    public HttpsRequirementTests()
    {
        _factory.Settings.Remove("Portal:Security:RequireHttps");
        _factory.Settings["https_port"] = "443";
    }

    [Fact]
    public async Task OutsideDevelopmentAPlainRequestIsRedirectedToHttps()
    {
        using var client = _factory.CreateBrowserLikeClient();

        var response = await client.GetAsync("http://localhost/Account/Login");

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal("https://localhost/Account/Login", response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task BehindAKnownProxyThatTerminatedTlsTheForwardedSchemeCountsAsHttps()
    {
        _factory.Settings["Portal:Network:KnownProxies:0"] = "10.0.0.5";
        _factory.ConfigureTestServices = ClientAddress.AddTo;
        using var client = ClientAddress.From(_factory.CreateBrowserLikeClient(), "10.0.0.5");
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");

        var fromProxy = await client.GetAsync("http://localhost/Account/Login");
        var fromElsewhere = await ClientAddress.From(client, "203.0.113.9").GetAsync("http://localhost/Account/Login");

        Assert.Equal(HttpStatusCode.OK, fromProxy.StatusCode);
        Assert.Equal(HttpStatusCode.TemporaryRedirect, fromElsewhere.StatusCode);
    }

    [Fact]
    public void OutsideDevelopmentTheSignInAndAntiforgeryCookiesAreNeverSentOverPlainHttp()
    {
        var cookies = _factory.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>();
        var antiforgery = _factory.Services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value;

        Assert.Equal(CookieSecurePolicy.Always, cookies.Get(IdentityConstants.ApplicationScheme).Cookie.SecurePolicy);
        Assert.Equal(CookieSecurePolicy.Always, cookies.Get(IdentityConstants.TwoFactorUserIdScheme).Cookie.SecurePolicy);
        Assert.Equal(CookieSecurePolicy.Always, antiforgery.Cookie.SecurePolicy);
    }

    [Fact]
    public async Task TurnedOffThePortalAnswersPlainHttp()
    {
        _factory.Settings["Portal:Security:RequireHttps"] = "false";
        using var client = _factory.CreateBrowserLikeClient();

        var response = await client.GetAsync("http://localhost/Account/Login");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(CookieSecurePolicy.SameAsRequest, _factory.Services
            .GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme).Cookie.SecurePolicy);
    }

    public void Dispose() => _factory.Dispose();
}
