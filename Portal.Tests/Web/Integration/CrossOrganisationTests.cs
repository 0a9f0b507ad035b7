using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Common;
using Portal.Domain.Organisations;
using Portal.Domain.Queue;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Galleries;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Web.Integration;

/// <summary>Staff of one organisation asking for another's case, gallery, photo or face crop get "not found".</summary>
public sealed class CrossOrganisationTests : IAsyncLifetime
{
    private readonly PortalFactory _factory = new();
    private Guid _gallery, _image, _face, _case, _probe, _probeFace;

    public async Task InitializeAsync()
    {
        if (!SharedFaces.Available)
            return;
        var services = _factory.Services;
        var thorn = await ActorAsync(TestAccounts.ThornStaff);
        var galleries = services.GetRequiredService<GalleryService>();
        _gallery = (await galleries.CreateAsync(thorn, new NewGallery("Thorn intake", "", "tests"))).Value;
        await using (var photo = File.OpenRead(SharedFaces.File("people/obama/obama1.jpg")))
            _image = (await galleries.UploadAsync(thorn, _gallery, photo, "obama1.jpg")).ImageId!.Value;
        await WaitForJobsAsync();
        var submission = await services.GetRequiredService<CaseService>().SubmitAsync(thorn,
            new NewCase("TH-1", Purpose.MissingChild, "", [_gallery], 10),
            [new ProbeUpload("probe.jpg", null, () => File.OpenRead(SharedFaces.File("people/obama/obama2.jpg")))]);
        _case = submission.CaseId!.Value;
        await WaitForJobsAsync();
        await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        _face = await db.Faces.Where(f => f.ImageId == _image).Select(f => f.Id).SingleAsync();
        _probe = await db.Probes.Where(p => p.CaseId == _case).Select(p => p.Id).SingleAsync();
        _probeFace = await db.ProbeFaces.Where(f => f.ProbeId == _probe).Select(f => f.Id).FirstAsync();
    }

    [FaceFact]
    public async Task AnotherOrganisationsIdsInUrlsAreNotFoundWhileTheOwnerSeesThem()
    {
        using var owner = _factory.CreateBrowserLikeClient();
        await owner.SignInAsync(TestAccounts.ThornStaff, TestAccounts.DemoPassword);
        using var other = _factory.CreateBrowserLikeClient();
        await other.SignInAsync(TestAccounts.IcmecStaff, TestAccounts.DemoPassword);
        var urls = new[] { $"/galleries/{_gallery}", $"/cases/{_case}", $"/cases/{_case}/leads", $"/media/faces/{_face}", $"/media/probe-faces/{_probeFace}" };

        foreach (var url in urls)
        {
            Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync(url)).StatusCode);
            var refused = await other.GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
            Assert.DoesNotContain("Thorn intake", await refused.Content.ReadAsStringAsync());
        }
        var crop = await owner.GetAsync($"/media/faces/{_face}");
        Assert.Equal("no-store", crop.Headers.CacheControl?.ToString());
        Assert.Equal("image/jpeg", crop.Content.Headers.ContentType?.MediaType);
    }

    [FaceFact]
    public async Task AnotherOrganisationsServicesAnswerNotFound()
    {
        var other = await ActorAsync(TestAccounts.IcmecStaff);
        var services = _factory.Services;

        Assert.Equal(OutcomeKind.NotFound, (await services.GetRequiredService<GalleryService>().ImagesAsync(other, _gallery)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await services.GetRequiredService<GalleryService>().GetAsync(other, _gallery)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await services.GetRequiredService<GalleryService>().DeleteImageAsync(other, _image)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await services.GetRequiredService<GalleryService>().DeleteGalleryAsync(other, _gallery)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await services.GetRequiredService<CaseQueries>().GetAsync(other, _case)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await services.GetRequiredService<CaseQueries>().ResultsAsync(other, _case)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await services.GetRequiredService<CaseService>().CancelProbeAsync(other, _probe)).Kind);
        var upload = await services.GetRequiredService<GalleryService>().UploadAsync(other, _gallery, new MemoryStream(TestImages.Jpeg()), "x.jpg");
        Assert.False(upload.Accepted);
        Assert.Equal((OutcomeKind.NotFound, Outcome.NotFoundMessage), (upload.Kind, upload.Message));
        await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.True(await db.GalleryImages.AnyAsync(i => i.Id == _image));
    }

    private async Task<Actor> ActorAsync(string email)
    {
        using var scope = _factory.Services.CreateScope();
        var user = (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email))!;
        return new Actor(user.Id, email, user.OrganisationId);
    }

    private async Task WaitForJobsAsync()
    {
        for (var i = 0; i < 600; i++)
        {
            await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
            if (await db.Jobs.AllAsync(j => j.State == JobState.Succeeded))
                return;
            await Task.Delay(100);
        }
        Assert.Fail("The queue did not finish.");
    }

    public Task DisposeAsync()
    {
        _factory.Dispose();
        return Task.CompletedTask;
    }
}
