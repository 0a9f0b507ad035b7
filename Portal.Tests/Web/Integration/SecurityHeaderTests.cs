using System.Text.RegularExpressions;
using Portal.Tests.Support;

namespace Portal.Tests.Web.Integration;

/// <summary>The headers every response carries, and pages that work under them (no inline script).</summary>
public sealed partial class SecurityHeaderTests : IDisposable
{
    private readonly PortalFactory _factory = new();

    [Fact]
    public async Task EveryPageCarriesAPolicyThatAllowsOnlyTheSitesOwnScripts()
    {
        using var client = _factory.CreateBrowserLikeClient();

        var response = await client.GetAsync("/Account/Login");

        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self';", policy);
        Assert.Contains("default-src 'self';", policy);
        Assert.Contains("frame-ancestors 'none';", policy);
        Assert.Contains("object-src 'none'", policy);
        Assert.DoesNotContain("unsafe-eval", policy);
    }

    [Fact]
    public async Task EveryPageDeniesDeviceAndPaymentApis()
    {
        using var client = _factory.CreateBrowserLikeClient();

        var response = await client.GetAsync("/Account/Login");

        Assert.Equal("camera=(), microphone=(), geolocation=(), payment=(), usb=()",
            Assert.Single(response.Headers.GetValues("Permissions-Policy")));
    }

    [Theory]
    [InlineData("/Account/Login")]
    [InlineData("/partners/apply")]
    public async Task PagesHaveNoInlineScriptOrEventHandler(string path)
    {
        using var client = _factory.CreateBrowserLikeClient();

        var html = await client.GetStringAsync(path);

        Assert.All(ScriptTag().Matches(html), tag => Assert.Contains(" src=", tag.Value));
        Assert.Empty(InlineHandler().Matches(html));
    }

    [GeneratedRegex("<script[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTag();

    [GeneratedRegex(@"\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineHandler();

    public void Dispose() => _factory.Dispose();
}
