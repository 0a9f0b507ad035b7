using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Cases;
using Portal.Domain.Common;
using Portal.Domain.Organisations;
using Portal.Domain.Queue;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Infrastructure.Lifecycle;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Cases;

/// <summary>
/// A template whose photos do not look like one person is not searched (a mean of two people matches both), on the real
/// queue with real faces; photos of one person are searched as before.
/// </summary>
public sealed class PersonTemplateAgreementTests : ThornQueueTest
{
    [FaceFact]
    public async Task TwoPeopleMarkedAsOneAreRefusedWithNothingWrittenAuditedShownAndDissolvable()
    {
        // The gallery holds both people, so a mean of the two would find each of them.
        var images = await GalleryAsync("people/kit_harington/kit_harington1.jpg", "people/penny/penny1.png");
        var caseId = await SearchedCaseAsync("people/kit_harington/kit_harington3.jpg", "people/penny/penny2.png");
        var probes = await ReadAsync(db => db.Probes.Where(p => p.CaseId == caseId).ToDictionaryAsync(p => p.Id, p => p.DisplayName));
        // Control: each photo on its own finds its own person in this gallery.
        var ownMatches = await ReadAsync(db => db.Candidates.Where(c => c.CaseId == caseId && c.TemplateId == null).Select(c => c.ImageId).ToListAsync());
        Assert.Equal(images.Order(), ownMatches.Distinct().Order());

        var created = await Bed.Host.Get<PersonTemplateService>().CreateAsync(Staff, caseId, "Mother and aunt", probes.Keys.Select(p => new TemplatePhotoChoice(p)).ToList());
        Assert.True(created.Succeeded, created.Error);
        await Bed.WaitUntilAsync(jobs => jobs.Any(j => j.Kind == JobKind.SearchTemplate && j.IsFinished) || jobs.Any(j => j.State == JobState.DeadLettered));
        await Bed.Worker.StopAsync(CancellationToken.None);

        var job = await ReadAsync(db => db.Jobs.SingleAsync(j => j.Kind == JobKind.SearchTemplate));
        Assert.Equal((JobState.Succeeded, 1, null), (job.State, job.Attempts, job.FailureReason));
        Assert.False(await ReadAsync(db => db.Candidates.AnyAsync(c => c.TemplateId == created.Value)));
        var template = await ReadAsync(db => db.PersonTemplates.SingleAsync(t => t.Id == created.Value));
        var threshold = await ReadAsync(db => db.Cases.Where(c => c.Id == caseId).Select(c => c.Threshold).SingleAsync());
        Assert.Null(template.SearchedAt);
        Assert.NotNull(template.RefusedAt);
        Assert.Contains(template.RefusedProbeId!.Value, probes.Keys);
        Assert.True(template.RefusedScore < threshold, $"score {template.RefusedScore} against threshold {threshold}");

        var audit = await ReadAsync(db => db.AuditEntries.SingleAsync(e => e.Action == AuditActions.TemplateDisagreed));
        Assert.Equal($"template:{created.Value}", audit.Target);
        Assert.All(probes.Keys, id => Assert.Contains(id.ToString(), audit.Details));
        Assert.DoesNotContain("Mother", audit.Details);
        Assert.All(probes.Values, name => Assert.DoesNotContain(Path.GetFileNameWithoutExtension(name), audit.Details));
        Assert.False(await ReadAsync(db => db.AuditEntries.AnyAsync(e => e.Action == AuditActions.JobDeadLettered)));

        var view = Assert.Single((await Bed.Host.Get<PersonTemplateQueries>().ForCaseAsync(Staff, caseId)).Value!);
        Assert.Equal((probes[template.RefusedProbeId.Value], template.RefusedScore.Value), (view.Refusal?.ProbeName, view.Refusal?.Score));
        Assert.Empty(view.Candidates);

        Assert.True((await Bed.Host.Get<PersonTemplateService>().DissolveAsync(Staff, created.Value)).Succeeded);
        Assert.False(await ReadAsync(db => db.PersonTemplates.AnyAsync()));
    }

    [FaceFact]
    public async Task ThreePhotosOfOnePersonAgreeAndAreSearchedAsBefore()
    {
        var images = await GalleryAsync("people/obama/obama4.jpg", "people/biden/biden1.jpg");
        var caseId = await SearchedCaseAsync("people/obama/obama1.jpg", "people/obama/obama2.jpg", "people/obama/obama3.jpg");
        var probes = await ReadAsync(db => db.Probes.Where(p => p.CaseId == caseId).Select(p => p.Id).ToListAsync());

        var created = await Bed.Host.Get<PersonTemplateService>().CreateAsync(Staff, caseId, "Three photos", probes.Select(p => new TemplatePhotoChoice(p)).ToList());
        Assert.True(created.Succeeded, created.Error);
        await Bed.WaitUntilAsync(jobs => jobs.Any(j => j.Kind == JobKind.SearchTemplate && j.IsFinished) || jobs.Any(j => j.State == JobState.DeadLettered));
        await Bed.Worker.StopAsync(CancellationToken.None);

        var template = await ReadAsync(db => db.PersonTemplates.SingleAsync(t => t.Id == created.Value));
        Assert.NotNull(template.SearchedAt);
        Assert.Equal((null, null, null), (template.RefusedAt, template.RefusedProbeId, template.RefusedScore));
        var found = await ReadAsync(db => db.Candidates.Where(c => c.TemplateId == created.Value).ToListAsync());
        Assert.Equal([images[0]], found.Select(c => c.ImageId));
        Assert.Equal(3, await ReadAsync(db => db.CandidateSupports.CountAsync(s => s.CandidateId == found[0].Id)));
        Assert.False(await ReadAsync(db => db.AuditEntries.AnyAsync(e => e.Action == AuditActions.TemplateDisagreed)));
        Assert.Null(Assert.Single((await Bed.Host.Get<PersonTemplateQueries>().ForCaseAsync(Staff, caseId)).Value!).Refusal);
    }

    private async Task<List<Guid>> GalleryAsync(params string[] photos)
    {
        var gallery = await Bed.GalleryAsync(Staff, "Template intake");
        var images = await Bed.UploadAsync(Staff, gallery, photos.Length, i => File.ReadAllBytes(SharedFaces.File(photos[i])));
        await Bed.Worker.StartAsync(CancellationToken.None);
        await Bed.WaitUntilAsync(jobs => jobs.All(j => j.State == JobState.Succeeded));
        return images;
    }

    private async Task<Guid> SearchedCaseAsync(params string[] photos)
    {
        var gallery = await ReadAsync(db => db.Galleries.Where(g => g.Name == "Template intake").Select(g => g.Id).SingleAsync());
        var submission = await Bed.Host.Get<CaseService>().SubmitAsync(Staff, new NewCase("TPL-AGREE", Purpose.MissingChild, "", [gallery], 10),
            photos.Select(p => new ProbeUpload(Path.GetFileName(p), null, () => File.OpenRead(SharedFaces.File(p)))).ToList());
        Assert.NotNull(submission.CaseId);
        await Bed.WaitUntilAsync(jobs => jobs.Count(j => j.Kind == JobKind.SearchProbe) == photos.Length && jobs.All(j => j.State == JobState.Succeeded));
        return submission.CaseId!.Value;
    }

    private async Task<T> ReadAsync<T>(Func<PortalDbContext, Task<T>> read) => await ErasureBed.ReadAsync(Bed.Host, read);
}
