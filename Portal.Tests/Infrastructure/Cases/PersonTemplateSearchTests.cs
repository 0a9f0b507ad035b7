using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Cases;
using Portal.Domain.Common;
using Portal.Domain.Faces;
using Portal.Domain.Lifecycle;
using Portal.Domain.Organisations;
using Portal.Domain.Queue;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Lifecycle;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Infrastructure.Lifecycle;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Cases;

/// <summary>
/// Several probe photos of one person searched as one template, on the real queue with real faces: the candidates are
/// the person's gallery faces, each with every photo's own score; erasure drops photos and dissolves a template left with one.
/// </summary>
public sealed class PersonTemplateSearchTests : ThornQueueTest
{
    [FaceFact]
    public async Task TwoPhotosOfOnePersonFindTheirGalleryFacesWithEachPhotosScoreAndErasureDissolvesTheTemplate()
    {
        string[] galleryPhotos = ["people/obama/obama4.jpg", "people/biden/biden1.jpg", "people/biden/biden2.jpg"];
        var gallery = await Bed.GalleryAsync(Staff, "Template intake");
        var images = await Bed.UploadAsync(Staff, gallery, galleryPhotos.Length, i => File.ReadAllBytes(SharedFaces.File(galleryPhotos[i])));
        await Bed.Worker.StartAsync(CancellationToken.None);
        await Bed.WaitUntilAsync(jobs => jobs.All(j => j.State == JobState.Succeeded));
        var caseId = await SearchedCaseAsync("people/obama/obama1.jpg", "people/obama/obama2.jpg", "people/obama/obama3.jpg");
        var probes = await ReadAsync(db => db.Probes.Where(p => p.CaseId == caseId).OrderBy(p => p.DisplayName).Select(p => p.Id).ToListAsync());

        var created = await Bed.Host.Get<PersonTemplateService>().CreateAsync(Staff, caseId, "Family photos",
            probes.Take(2).Select(p => new TemplatePhotoChoice(p)).ToList());
        Assert.True(created.Succeeded, created.Error);
        await Bed.WaitUntilAsync(jobs => jobs.Any(j => j.Kind == JobKind.SearchTemplate) && jobs.All(j => j.State == JobState.Succeeded));
        await Bed.Worker.StopAsync(CancellationToken.None);

        var found = await ReadAsync(db => db.Candidates.Where(c => c.TemplateId == created.Value).ToListAsync());
        var obamaImage = images[0];
        Assert.Equal([obamaImage], found.Select(c => c.ImageId));
        var support = await ReadAsync(db => db.CandidateSupports.Where(s => s.CandidateId == found[0].Id).ToListAsync());
        Assert.Equal(probes.Take(2).Order(), support.Select(s => s.ProbeId).Order());
        Assert.All(support, s => Assert.Equal(s.Similarity >= 0.40f, s.AtOrAboveThreshold));
        // The template's score is the mean embedding's, which lies between and above neither photo's own only by chance.
        Assert.True(found[0].Similarity >= 0.40f);
        Assert.NotEqual(support[0].Similarity, support[1].Similarity);

        var views = (await Bed.Host.Get<PersonTemplateQueries>().ForCaseAsync(Staff, caseId)).Value!;
        var view = Assert.Single(views);
        Assert.Equal(("Family photos", 1, 2), (view.Label, view.Candidates.Count, view.Candidates[0].Support.Count));
        // The probe panels do not list the template's candidate a second time.
        var probeResults = (await Bed.Host.Get<CaseQueries>().ResultsAsync(Staff, caseId, audit: false)).Value!;
        Assert.DoesNotContain(probeResults.SelectMany(r => r.Candidates), c => c.Id == found[0].Id);
        var audit = await ReadAsync(db => db.AuditEntries.SingleAsync(e => e.Action == AuditActions.TemplateCreated));
        Assert.DoesNotContain("Family", audit.Details);

        await ErasureBed.EraseAsync(Bed.Host, await ErasureBed.StageAsync(Bed.Host, Staff.OrganisationId!.Value, ErasureScope.Case, caseId));

        Assert.False(await ReadAsync(db => db.PersonTemplates.AnyAsync(t => t.Id == created.Value)));
        Assert.False(await ReadAsync(db => db.CandidateSupports.AnyAsync(s => s.CandidateId == found[0].Id)));
        Assert.True(await ReadAsync(db => db.Candidates.AnyAsync(c => c.Id == found[0].Id)), "the candidate stays for its review record");
    }

    [Fact]
    public async Task ErasingOnePhotoOfAThreePhotoTemplateKeepsItWithTwoAndOfATwoPhotoTemplateDissolvesIt()
    {
        var seeded = await ReviewScenario.SearchedCaseAsync(Bed.Host.Services, Staff, "TPL-ERASE", candidates: 1);
        var extra = await AddSearchedProbesAsync(seeded.CaseId, 2);
        var first = await ReadAsync(db => db.Probes.Where(p => p.CaseId == seeded.CaseId && !extra.Contains(p.Id)).Select(p => p.Id).SingleAsync());
        var service = Bed.Host.Get<PersonTemplateService>();
        var three = await service.CreateAsync(Staff, seeded.CaseId, "three", [new(first), new(extra[0]), new(extra[1])]);
        var two = await service.CreateAsync(Staff, seeded.CaseId, "two", [new(extra[0]), new(extra[1])]);
        Assert.True(three.Succeeded && two.Succeeded, three.Error ?? two.Error);
        await WriteAsync(db => db.CandidateSupports.Add(new CandidateSupport { CandidateId = seeded.Candidates[0], ProbeId = extra[1], Similarity = 0.5f, AtOrAboveThreshold = true }));

        await WriteAsync(db => CaseProbeData.BlankAsync(db, db.Probes.Where(p => p.Id == extra[1]), db.Cases.Where(c => c.Id == Guid.Empty), DateTimeOffset.UtcNow, default));

        var left = await ReadAsync(db => db.PersonTemplatePhotos.Where(p => p.TemplateId == three.Value).Select(p => p.ProbeId).ToListAsync());
        Assert.Equal(new[] { first, extra[0] }.Order(), left.Order());
        Assert.False(await ReadAsync(db => db.PersonTemplates.AnyAsync(t => t.Id == two.Value)));
        Assert.False(await ReadAsync(db => db.CandidateSupports.AnyAsync(s => s.ProbeId == extra[1])));
    }

    [Fact]
    public async Task TheGatesOfAProbeSearchRefuseATemplate()
    {
        var seeded = await ReviewScenario.SearchedCaseAsync(Bed.Host.Services, Staff, "TPL-GATES", candidates: 1);
        var extra = await AddSearchedProbesAsync(seeded.CaseId, 1);
        var first = await ReadAsync(db => db.Probes.Where(p => p.CaseId == seeded.CaseId && p.Id != extra[0]).Select(p => p.Id).SingleAsync());
        List<TemplatePhotoChoice> photos = [new(first), new(extra[0])];
        var service = Bed.Host.Get<PersonTemplateService>();

        var reviewer = await ReviewScenario.ActorAsync(Bed.Host.Services, TestAccounts.ThornReviewer);
        Assert.Equal(OutcomeKind.Forbidden, (await service.CreateAsync(reviewer, seeded.CaseId, "x", photos)).Kind);
        var police = await ReviewScenario.ActorAsync(Bed.Host.Services, TestAccounts.PoliceStaff);
        Assert.Equal(OutcomeKind.Blocked, (await service.CreateAsync(police, seeded.CaseId, "x", photos)).Kind);
        var otherOrganisation = await ReviewScenario.ActorAsync(Bed.Host.Services, TestAccounts.IcmecStaff);
        Assert.Equal(OutcomeKind.NotFound, (await service.CreateAsync(otherOrganisation, seeded.CaseId, "x", photos)).Kind);
        Assert.Equal(OutcomeKind.Invalid, (await service.CreateAsync(Staff, seeded.CaseId, "x", [new(first)])).Kind);
        await Bed.ChangeStatusAsync(Staff.OrganisationId!.Value, OrganisationStatus.Suspended);
        var suspended = await service.CreateAsync(Staff, seeded.CaseId, "x", photos);

        Assert.False(suspended.Succeeded);
        Assert.False(await ReadAsync(db => db.PersonTemplates.AnyAsync()));
        Assert.False(await ReadAsync(db => db.Jobs.AnyAsync(j => j.Kind == JobKind.SearchTemplate)));
    }

    private async Task<Guid> SearchedCaseAsync(params string[] photos)
    {
        var submission = await Bed.Host.Get<CaseService>().SubmitAsync(Staff, new NewCase("TPL-1", Purpose.MissingChild, "", [await Bed.GalleryAsync(Staff, "Template intake")], 10),
            photos.Select(p => new ProbeUpload(Path.GetFileName(p), null, () => File.OpenRead(SharedFaces.File(p)))).ToList());
        Assert.NotNull(submission.CaseId);
        await Bed.WaitUntilAsync(jobs => jobs.Count(j => j.Kind == JobKind.SearchProbe) == photos.Length && jobs.All(j => j.State == JobState.Succeeded));
        return submission.CaseId!.Value;
    }

    /// <summary>More searched probes of a seeded case, each with one face that passed quality.</summary>
    private async Task<List<Guid>> AddSearchedProbesAsync(Guid caseId, int count)
    {
        var ids = new List<Guid>();
        await WriteAsync(db =>
        {
            for (var i = 0; i < count; i++)
            {
                var probe = new Probe
                {
                    CaseId = caseId, OrganisationId = Staff.OrganisationId!.Value, DisplayName = $"extra{i}.jpg", StoredName = $"extra{i}.jpg",
                    OriginalSha256 = new string('0', 64), Width = 240, Height = 240, UploadedAt = DateTimeOffset.UtcNow, SearchedAt = DateTimeOffset.UtcNow,
                };
                db.AddRange(probe, new ProbeFace { ProbeId = probe.Id, Width = 100, Height = 100, DetectionScore = 0.99f, PassedQuality = true });
                ids.Add(probe.Id);
            }
            return Task.CompletedTask;
        });
        return ids;
    }

    private async Task<T> ReadAsync<T>(Func<PortalDbContext, Task<T>> read) => await ErasureBed.ReadAsync(Bed.Host, read);

    private async Task WriteAsync(Func<PortalDbContext, Task> write)
    {
        await using var db = await Bed.Host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        await write(db);
        await db.SaveChangesAsync();
    }

    private async Task WriteAsync(Action<PortalDbContext> write) => await WriteAsync(db => { write(db); return Task.CompletedTask; });
}
