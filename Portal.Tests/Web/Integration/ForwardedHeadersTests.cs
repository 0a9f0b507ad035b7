using System.Net;
using Portal.Tests.Support;

namespace Portal.Tests.Web.Integration;

/// <summary>X-Forwarded-For decides the rate-limit bucket only when it comes from a configured proxy.</summary>
public sealed class ForwardedHeadersTests : IDisposable
{
    private const string Proxy = "10.0.0.5";
    private readonly PortalFactory _factory = new();

    public ForwardedHeadersTests()
    {
        _factory.Settings["Portal:Security:SignInsPerMinutePerAddress"] = "3";
        _factory.ConfigureTestServices = ClientAddress.AddTo;
    }

    [Fact]
    public async Task BehindAKnownProxyEachForwardedClientHasItsOwnSignInBudget()
    {
        _factory.Settings["Portal:Network:KnownProxies:0"] = Proxy;

        var (fourthFromFirstClient, firstFromSecondClient) = await SignInFromTwoClientsThroughTheProxyAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, fourthFromFirstClient);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, firstFromSecondClient);
    }

    [Fact]
    public async Task BehindAKnownNetworkEachForwardedClientHasItsOwnSignInBudget()
    {
        _factory.Settings["Portal:Network:KnownNetworks:0"] = "10.0.0.0/24";

        var (_, firstFromSecondClient) = await SignInFromTwoClientsThroughTheProxyAsync();

        Assert.NotEqual(HttpStatusCode.TooManyRequests, firstFromSecondClient);
    }

    [Fact]
    public async Task WithoutConfiguredProxiesTheForwardedAddressIsIgnored()
    {
        var (fourthFromFirstClient, firstFromSecondClient) = await SignInFromTwoClientsThroughTheProxyAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, fourthFromFirstClient);
        Assert.Equal(HttpStatusCode.TooManyRequests, firstFromSecondClient);
    }

    private async Task<(HttpStatusCode FourthFromFirst, HttpStatusCode FirstFromSecond)> SignInFromTwoClientsThroughTheProxyAsync()
    {
        using var client = ClientAddress.From(_factory.CreateBrowserLikeClient(), Proxy);
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.1");
        for (var i = 0; i < 3; i++)
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await client.SignInAsync("nobody@nowhere.example", "not-a-password-at-all")).StatusCode);
        var fourth = (await client.SignInAsync("nobody@nowhere.example", "not-a-password-at-all")).StatusCode;

        client.DefaultRequestHeaders.Remove("X-Forwarded-For");
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.2");
        var second = (await client.SignInAsync("nobody@nowhere.example", "not-a-password-at-all")).StatusCode;
        return (fourth, second);
    }

    public void Dispose() => _factory.Dispose();
}
