using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Web.Integration;

public sealed class RestartTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task ARestartDoesNotSignAnyoneOut()
    {
        string authCookie;
        await using (var before = PortalFactory.OnDirectory(_data.Path))
        {
            using var client = before.CreateBrowserLikeClient();
            var signIn = await client.SignInAsync(TestAccounts.ThornStaff, TestAccounts.DemoPassword);
            authCookie = signIn.Headers.GetValues(HeaderNames.SetCookie).Single(c => c.StartsWith("reunite.auth=", StringComparison.Ordinal));
        }

        await using var after = PortalFactory.OnDirectory(_data.Path);
        using var restarted = after.CreateBrowserLikeClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add(HeaderNames.Cookie, authCookie.Split(';')[0]);
        var response = await restarted.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Welcome", await response.Content.ReadAsStringAsync());
        // The key that protects the cookie lives in the portal's database, not in a per-machine folder.
        await using var db = await after.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.NotEmpty(await db.DataProtectionKeys.ToListAsync());
    }

    [Fact]
    public async Task RestartKeepsTheDatabaseAndSeedsNothingTwice()
    {
        await using (var first = PortalFactory.OnDirectory(_data.Path))
            first.CreateClient().Dispose();
        await using var second = PortalFactory.OnDirectory(_data.Path);
        using var client = second.CreateBrowserLikeClient();

        var response = await client.SignInAsync(TestAccounts.AdminEmail, TestAccounts.AdminPassword);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    public void Dispose() => _data.Dispose();
}
