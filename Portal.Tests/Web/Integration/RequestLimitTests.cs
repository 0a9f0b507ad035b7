using System.Net;
using Portal.Tests.Support;

namespace Portal.Tests.Web.Integration;

/// <summary>An anonymous post cannot make the server parse megabytes: oversized forms are refused before any page runs.</summary>
public sealed class RequestLimitTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task ASignInPostWithAnOversizedFieldIsRefusedAsABadRequest()
    {
        using var client = factory.CreateBrowserLikeClient();

        var response = await client.PostFormAsync("/Account/Login", "login", new Dictionary<string, string>
        {
            ["Input.Email"] = TestAccounts.ThornStaff,
            ["Input.Password"] = new string('x', 512 * 1024),
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task ASignInPostWithHundredsOfFieldsIsRefusedAsABadRequest()
    {
        using var client = factory.CreateBrowserLikeClient();
        var fields = Enumerable.Range(0, 300).ToDictionary(i => $"f{i}", i => "x");
        fields["Input.Email"] = TestAccounts.ThornStaff;
        fields["Input.Password"] = TestAccounts.DemoPassword;

        var response = await client.PostFormAsync("/Account/Login", "login", fields);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task AnOrdinarySignInStillWorks()
    {
        using var client = factory.CreateBrowserLikeClient();

        var response = await client.SignInAsync(TestAccounts.ThornStaff, TestAccounts.DemoPassword);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }
}
