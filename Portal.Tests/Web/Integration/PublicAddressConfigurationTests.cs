using System.Net;
using Microsoft.Extensions.Options;
using Portal.Tests.Support;

namespace Portal.Tests.Web.Integration;

/// <summary>The portal's public address comes from configuration: it fails fast without one, and refuses foreign hosts.</summary>
public sealed class PublicAddressConfigurationTests
{
    [Fact]
    public async Task ARequestForAHostOutsideAllowedHostsIsRefused()
    {
        using var factory = new PortalFactory();
        factory.Settings["AllowedHosts"] = "portal.test";
        using var client = factory.CreateBrowserLikeClient();

        var foreign = await SendAsync(client, "evil.example");
        var own = await SendAsync(client, "portal.test");

        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Theory]
    [InlineData("", "Portal:PublicBaseUrl is required outside Development")]
    [InlineData("portal.example.org", "must be an absolute http or https address")]
    [InlineData("ftp://portal.example.org", "must be an absolute http or https address")]
    public void StartUpFailsWithAClearMessageWithoutAnAbsolutePublicBaseUrl(string value, string message)
    {
        using var factory = new PortalFactory();
        factory.Settings["Portal:PublicBaseUrl"] = value;

        var failure = Assert.ThrowsAny<OptionsValidationException>(() => factory.Services);

        Assert.Contains(message, failure.Message);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string host)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/Account/Login");
        request.Headers.Host = host;
        return client.SendAsync(request);
    }
}
