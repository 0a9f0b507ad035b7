using Microsoft.EntityFrameworkCore;
using Portal.Domain.Cases;
using Portal.Domain.Common;
using Portal.Domain.Faces;
using Portal.Domain.Organisations;
using Portal.Domain.Queue;
using Portal.Domain.Review;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Crops;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Galleries;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Review;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Face;

/// <summary>
/// Candidates found before a re-index keep their gallery face after it (issue 18, review point 1): the switch deletes only
/// the old faces no candidate shows, and a kept face goes with its photo like any other.
/// </summary>
public sealed class ReindexCandidateTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private ReindexBed? _bed;
    private Guid _case;

    public Task InitializeAsync() => Task.CompletedTask;

    [FaceFact]
    public async Task AConfirmedAndAPendingCandidateStillShowTheirReviewDataCropAndExportAfterTheSwitch()
    {
        var bed = await StartAsync();
        var (confirmed, pending) = await CandidatesAsync(bed);
        var staff = bed.Staff;
        var reviewer = await ReviewScenario.ActorAsync(bed.Next.Host.Services, TestAccounts.ThornReviewer);

        await RunReindexAsync(bed);

        var host = bed.Next.Host;
        Assert.Equal(2, (await bed.StateAsync()).ActiveVersion);
        foreach (var candidate in new[] { confirmed, pending })
        {
            var face = await bed.ReadAsync(db => db.Faces.AsNoTracking().SingleOrDefaultAsync(f => f.Id == candidate.FaceId));
            Assert.True(face is { PipelineVersion: 1 }, "the candidate's version 1 face is kept");
            Assert.NotNull(await host.Get<CropFiles>().ReadAsync(candidate.FaceId, false));
            var crop = await host.Get<FaceCrops>().GalleryFaceAsync(staff, candidate.FaceId, false, CancellationToken.None);
            Assert.True(crop.Succeeded, $"crop of the candidate's face: {crop.Kind}");
            Assert.NotNull(crop.Value!.Jpeg);
        }
        // Only the faces candidates show are kept, and they are not searched: the index holds version 2 faces only.
        var kept = await bed.ReadAsync(db => db.Faces.Where(f => f.PipelineVersion == 1).Select(f => f.Id).ToListAsync());
        var shown = await bed.ReadAsync(db => db.Candidates.Select(c => c.FaceId).Distinct().ToListAsync());
        Assert.Equal(shown.Order(), kept.Order());
        Assert.True(await bed.ReadAsync(db => db.GalleryImages.AnyAsync(i => !db.Candidates.Any(c => c.ImageId == i.Id))), "a photo no candidate shows");
        var index = host.Get<IFaceIndex>();
        Assert.Equal(await bed.ReadAsync(db => db.Faces.CountAsync(f => f.PipelineVersion == 2)), index.Count);

        var queue = await host.Get<ReviewQueries>().PageAsync(reviewer, new ReviewQueueFilter(), 0, 20);
        Assert.Contains(queue.Items, i => i.CandidateId == pending.Id);
        var item = await host.Get<ReviewQueries>().ItemAsync(reviewer, pending.Id);
        Assert.True(item.Succeeded, $"review page of the pending candidate: {item.Kind}");
        Assert.Equal(pending.FaceId, item.Value!.FaceId);

        var export = await host.Get<LeadsExporter>().ExportAsync(staff, _case, "csv");
        Assert.True(export.Succeeded);
        Assert.Single(export.Value!.Leads);
    }

    [FaceFact]
    public async Task AKeptFaceOfTheOldVersionGoesWithItsPhotoAndItsCrop()
    {
        var bed = await StartAsync();
        var (_, pending) = await CandidatesAsync(bed);
        await RunReindexAsync(bed);
        var crops = bed.Next.Host.Get<CropFiles>();
        Assert.NotNull(await crops.ReadAsync(pending.FaceId, false));

        Assert.True((await bed.Next.Host.Get<GalleryService>().PurgeImageAsync(bed.Staff, pending.ImageId)).Succeeded);

        Assert.False(await bed.ReadAsync(db => db.Faces.AnyAsync(f => f.ImageId == pending.ImageId)), "faces of every version go with the photo");
        Assert.Null(await crops.ReadAsync(pending.FaceId, false));
    }

    /// <summary>Version 1 indexes Obama, Biden and Amy; a case searches Obama's and Biden's second photos, whose reviewers confirm Obama's match.</summary>
    private async Task<ReindexBed> StartAsync()
    {
        _bed = await ReindexBed.StartAsync(_data.Path, async (old, staff, gallery) =>
        {
            var submission = await old.Host.Get<CaseService>().SubmitAsync(staff, new NewCase("TH-REINDEX", Purpose.MissingChild, "", [gallery], 10),
            [
                new ProbeUpload("obama.jpg", null, () => File.OpenRead(SharedFaces.File("people/obama/obama2.jpg"))),
                new ProbeUpload("biden.jpg", null, () => File.OpenRead(SharedFaces.File("people/biden/biden2.jpg"))),
            ]);
            _case = submission.Case.Value;
            await old.WaitUntilAsync(jobs => jobs.All(j => j.State == JobState.Succeeded), TimeSpan.FromSeconds(60));
            await using (var db = await old.Host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
            {
                var first = await db.Candidates.AsNoTracking().Join(db.Probes, c => c.ProbeId, p => p.Id, (c, p) => new { c.Id, c.Rank, p.DisplayName })
                    .FirstAsync(c => c.DisplayName == "obama.jpg" && c.Rank == 1);
                foreach (var email in new[] { TestAccounts.ThornReviewer, TestAccounts.ThornSecondReviewer })
                {
                    var decided = await old.Host.Get<ReviewService>().DecideAsync(await ReviewScenario.ActorAsync(old.Host.Services, email), first.Id, ReviewVerdict.Confirm, "same person");
                    Assert.True(decided.Succeeded, decided.Error);
                }
            }
        });
        return _bed;
    }

    private static async Task<(Candidate Confirmed, Candidate Pending)> CandidatesAsync(ReindexBed bed)
    {
        var candidates = await bed.ReadAsync(db => db.Candidates.AsNoTracking().ToListAsync());
        var confirmed = Assert.Single(candidates, c => c.ReviewState == ReviewState.Confirmed);
        var pending = candidates.First(c => c.ReviewState == ReviewState.Pending && c.ImageId != confirmed.ImageId);
        return (confirmed, pending);
    }

    private static async Task RunReindexAsync(ReindexBed bed)
    {
        await bed.Next.Worker.StartAsync(CancellationToken.None);
        await bed.Next.WaitUntilAsync(jobs => jobs.Single(j => j.Kind == JobKind.Reindex).State == JobState.Succeeded, TimeSpan.FromSeconds(120));
        await bed.Next.Worker.StopAsync(CancellationToken.None);
        await bed.Next.Host.Get<FaceIndexReplica>().CatchUpAsync();
    }

    public async Task DisposeAsync()
    {
        if (_bed is not null)
            await _bed.DisposeAsync();
        _data.Dispose();
    }
}
