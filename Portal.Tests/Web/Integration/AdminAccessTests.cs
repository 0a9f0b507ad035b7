using System.Net;
using Portal.Tests.Support;

namespace Portal.Tests.Web.Integration;

public sealed class AdminAccessTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task AdminUsersPageIsRefusedForPartnerStaff()
    {
        using var client = factory.CreateBrowserLikeClient();
        await client.SignInAsync(TestAccounts.ThornStaff, TestAccounts.DemoPassword);

        var response = await client.GetAsync("/admin/users");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/not-authorised", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task AdminUsersPageOpensForThePlatformAdmin()
    {
        using var client = factory.CreateBrowserLikeClient();
        await client.SignInAsync(TestAccounts.AdminEmail, TestAccounts.AdminPassword);

        var response = await client.GetAsync("/admin/users");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Users", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task HealthReportsTheDatabaseToThePlatformAdmin()
    {
        using var client = factory.CreateBrowserLikeClient();
        await client.SignInAsync(TestAccounts.AdminEmail, TestAccounts.AdminPassword);

        var response = await client.GetAsync("/health");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"database\"", body);
        Assert.Contains("\"Healthy\"", body);
    }
}
