using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Infrastructure.Crops;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Web.Integration;

/// <summary>The crop endpoint over HTTP: a stored crop served as before, and 503 with Retry-After while the decode gate is full.</summary>
public sealed class FaceCropEndpointTests : IAsyncLifetime
{
    private readonly PortalFactory _factory = new();
    private Guid _face;

    public async Task InitializeAsync()
    {
        // One decode slot and no wait: the test holds the slot itself.
        _factory.Settings["Portal:Crops:MaxConcurrentDecodes"] = "1";
        _factory.Settings["Portal:Crops:MaxWait"] = "00:00:00";
        var services = _factory.Services;
        var staff = await ReviewScenario.ActorAsync(services, TestAccounts.ThornStaff);
        var seeded = await ReviewScenario.SearchedCaseAsync(services, staff, "CROP-HTTP", 1);
        await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        _face = await db.Candidates.Where(c => c.Id == seeded.Candidates[0]).Select(c => c.FaceId).SingleAsync();
    }

    [Fact]
    public async Task AnswersServiceUnavailableWithRetryAfterWhileTheDecodeGateIsFullThenServesTheCropUncached()
    {
        using var client = _factory.CreateBrowserLikeClient();
        await client.SignInAsync(TestAccounts.ThornStaff, TestAccounts.DemoPassword);

        using (await _factory.Services.GetRequiredService<CropDecodeGate>().TryEnterAsync())
        {
            var refused = await client.GetAsync($"/media/faces/{_face}?zoom=true");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter);
            Assert.Contains("try again", await refused.Content.ReadAsStringAsync());
        }
        var served = await client.GetAsync($"/media/faces/{_face}?zoom=true");

        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("image/jpeg", served.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-store", served.Headers.CacheControl?.ToString());
        Assert.Equal("nosniff", served.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(await File.ReadAllBytesAsync(_factory.Services.GetRequiredService<CropFiles>().PathOf(_face, large: true)), await served.Content.ReadAsByteArrayAsync());
    }

    public Task DisposeAsync()
    {
        _factory.Dispose();
        return Task.CompletedTask;
    }
}
