using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Cases;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;
using Portal.Web.Components.Cases;

namespace Portal.Tests.Web.Integration;

/// <summary>
/// The face crops the "several photos of one person" form shows for a photo with several faces are the review screen's
/// probe-face crops: served to the case's own organisation, every face of the photo, and "not found" to any other.
/// </summary>
public sealed class TemplateFaceCropAuthorisationTests : IAsyncLifetime
{
    private readonly PortalFactory _factory = new();
    private List<Guid> _faces = [];

    public async Task InitializeAsync()
    {
        var services = _factory.Services;
        var staff = await ReviewScenario.ActorAsync(services, TestAccounts.ThornStaff);
        var seeded = await ReviewScenario.SearchedCaseAsync(services, staff, "TEMPLATE-CROPS", 1);
        await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var probe = await db.Probes.Where(p => p.CaseId == seeded.CaseId).Select(p => p.Id).SingleAsync();
        // A group photo: two more faces beside the seeded one.
        db.ProbeFaces.AddRange(
            new ProbeFace { ProbeId = probe, Ordinal = 1, X = 0, Y = 0, Width = 80, Height = 80, DetectionScore = 0.98f, PassedQuality = true },
            new ProbeFace { ProbeId = probe, Ordinal = 2, X = 150, Y = 150, Width = 80, Height = 80, DetectionScore = 0.97f, PassedQuality = true });
        await db.SaveChangesAsync();
        _faces = await db.ProbeFaces.Where(f => f.ProbeId == probe).OrderBy(f => f.Ordinal).Select(f => f.Id).ToListAsync();
    }

    [Fact]
    public async Task EveryFaceCropOfTheFormIsServedToTheCasesOrganisationAndNotFoundToAnother()
    {
        using var owner = _factory.CreateBrowserLikeClient();
        await owner.SignInAsync(TestAccounts.ThornStaff, TestAccounts.DemoPassword);
        using var other = _factory.CreateBrowserLikeClient();
        await other.SignInAsync(TestAccounts.IcmecStaff, TestAccounts.DemoPassword);
        Assert.Equal(3, _faces.Count);

        foreach (var face in _faces)
        {
            // The address the form renders for the face's crop.
            var url = "/" + MarkSamePerson.CropUrl(face);
            var served = await owner.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            Assert.Equal("image/jpeg", served.Content.Headers.ContentType?.MediaType);
            Assert.Equal("no-store", served.Headers.CacheControl?.ToString());

            var refused = await other.GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
            Assert.NotEqual("image/jpeg", refused.Content.Headers.ContentType?.MediaType);
        }
    }

    public Task DisposeAsync()
    {
        _factory.Dispose();
        return Task.CompletedTask;
    }
}
