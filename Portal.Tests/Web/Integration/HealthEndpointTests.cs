using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Portal.Tests.Support;

namespace Portal.Tests.Web.Integration;

/// <summary>/health tells anyone whether the portal is up, and only admins (or the management port) how each part is.</summary>
public sealed class HealthEndpointTests(HealthEndpointTests.ManagementPortFactory factory) : IClassFixture<HealthEndpointTests.ManagementPortFactory>
{
    private const int ManagementPort = 9123;

    [Fact]
    public async Task AnAnonymousCallerGetsTheOverallStatusOnly()
    {
        using var client = factory.CreateBrowserLikeClient();

        var (code, body) = await HealthAsync(client);

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal(["status"], body.EnumerateObject().Select(p => p.Name));
        Assert.Contains(body.GetProperty("status").GetString(), new[] { "Healthy", "Degraded" });
    }

    [Fact]
    public async Task PartnerStaffGetTheOverallStatusOnly()
    {
        using var client = factory.CreateBrowserLikeClient();
        await client.SignInAsync(TestAccounts.ThornStaff, TestAccounts.DemoPassword);

        var (_, body) = await HealthAsync(client);

        Assert.False(body.TryGetProperty("checks", out _));
    }

    [Fact]
    public async Task APlatformAdminSeesEachPartButNoAbsolutePath()
    {
        using var client = factory.CreateBrowserLikeClient();
        await client.SignInAsync(TestAccounts.AdminEmail, TestAccounts.AdminPassword);

        var (_, body) = await HealthAsync(client);

        var checks = body.GetProperty("checks");
        Assert.Equal(["database", "faceIndex", "models", "queue"], checks.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(JsonValueKind.Array, checks.GetProperty("faceIndex").GetProperty("data").GetProperty("replicas").ValueKind);
        Assert.Equal("models", checks.GetProperty("models").GetProperty("data").GetProperty("folder").GetString());
        Assert.True(checks.GetProperty("queue").GetProperty("data").TryGetProperty("queued", out _));
        Assert.DoesNotContain(AppContext.BaseDirectory.TrimEnd('/'), body.GetRawText());
    }

    [Fact]
    public async Task ARequestOnTheManagementPortSeesEachPart()
    {
        using var client = factory.CreateBrowserLikeClient();
        client.DefaultRequestHeaders.Add(ManagementPortFactory.LocalPortHeader, ManagementPort.ToString());

        var (_, body) = await HealthAsync(client);

        Assert.True(body.GetProperty("checks").TryGetProperty("queue", out _));
    }

    private static async Task<(HttpStatusCode Code, JsonElement Body)> HealthAsync(HttpClient client)
    {
        var response = await client.GetAsync("/health");
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    /// <summary>A portal with a management port; a test header stands for the local port a request arrived on.</summary>
    public sealed class ManagementPortFactory : PortalFactory
    {
        public const string LocalPortHeader = "X-Test-Local-Port";

        public ManagementPortFactory()
        {
            Settings["Portal:Health:DetailsPort"] = ManagementPort.ToString();
            ConfigureTestServices = services => services.AddTransient<IStartupFilter, LocalPortFilter>();
        }

        private sealed class LocalPortFilter : IStartupFilter
        {
            public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
            {
                app.Use((context, proceed) =>
                {
                    if (int.TryParse(context.Request.Headers[LocalPortHeader], out var port))
                        context.Connection.LocalPort = port;
                    return proceed(context);
                });
                next(app);
            };
        }
    }
}
