using Microsoft.EntityFrameworkCore;
using Portal.Domain.Cases;
using Portal.Domain.Faces;
using Portal.Domain.Organisations;
using Portal.Domain.Queue;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Crops;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Queue;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Face;

/// <summary>
/// Every embedding is computed by the pipeline version it is labelled with (issue 18, point 2): an upload during a
/// re-index is embedded once per version it is stored under, a probe with the version of the index it is searched in,
/// a search that raced a switch searches again on the new version, and a worker never claims a re-index its build
/// cannot compute.
/// </summary>
public sealed class PipelineVersionSearchTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private ReindexBed? _bed;

    public Task InitializeAsync() => Task.CompletedTask;

    [FaceFact]
    public async Task AnUploadDuringAReindexIsStoredOncePerVersionEachRowEmbeddedWithItsOwnVersion()
    {
        var bed = _bed = await ReindexBed.StartAsync(_data.Path);
        await DelayReindexAsync(bed);
        var image = (await bed.Next.UploadAsync(bed.Staff, bed.Gallery, 1, _ => File.ReadAllBytes(SharedFaces.File("people/amy/amy2.png"))))[0];

        await bed.Next.Worker.StartAsync(CancellationToken.None);
        await bed.Next.WaitUntilAsync(jobs => jobs.Where(j => j.Kind == JobKind.IndexGalleryImage).All(j => j.State == JobState.Succeeded));
        await bed.Next.Worker.StopAsync(CancellationToken.None);

        var rows = await bed.ReadAsync(db => db.Faces.AsNoTracking().Where(f => f.ImageId == image).ToListAsync());
        Assert.Equal([1, 2], rows.Select(r => r.PipelineVersion).Order());
        var storedName = await bed.ReadAsync(db => db.GalleryImages.Where(i => i.Id == image).Select(i => i.StoredName).SingleAsync());
        using var photo = await bed.Next.Host.Get<FaceCropMaker>().AnalyzeAsync(storedName, [1, 2], CancellationToken.None);
        foreach (var row in rows)
        {
            var own = Best(photo.AnalysisAt(row.PipelineVersion));
            var other = Best(photo.AnalysisAt(3 - row.PipelineVersion));
            var (withOwn, withOther) = (FaceEngineFixture.Cosine(row.EmbeddingVector(), own), FaceEngineFixture.Cosine(row.EmbeddingVector(), other));
            Assert.True(withOwn > 0.9999f && withOther < withOwn - 1e-4f,
                $"the version {row.PipelineVersion} row holds that version's embedding: {withOwn:0.00000} against {withOther:0.00000} for the other version");
        }
    }

    [FaceFact]
    public async Task AProbeSearchedWhileVersionOneIsActiveIsEmbeddedWithVersionOne()
    {
        var bed = _bed = await ReindexBed.StartAsync(_data.Path);
        await DelayReindexAsync(bed);
        var caseId = await SubmitAsync(bed, "people/amy/amy2.png");

        await bed.Next.Worker.StartAsync(CancellationToken.None);
        await bed.Next.WaitUntilAsync(jobs => jobs.Where(j => j.Kind == JobKind.SearchProbe).All(j => j.State == JobState.Succeeded));
        await bed.Next.Worker.StopAsync(CancellationToken.None);

        var (candidates, probe) = await CandidatesAsync(bed, caseId);
        Assert.NotEmpty(candidates);
        Assert.All(candidates, c => Assert.Equal(1, c.Face.PipelineVersion));
        var v1 = Best(probe.AnalysisAt(1));
        var v2 = Best(probe.AnalysisAt(2));
        foreach (var (candidate, face) in candidates)
        {
            var (withV1, withV2) = (FaceEngineFixture.Cosine(v1, face.EmbeddingVector()), FaceEngineFixture.Cosine(v2, face.EmbeddingVector()));
            Assert.True(Math.Abs(withV1 - withV2) > 0.01f, $"the versions are told apart on this probe: {withV1:0.000} and {withV2:0.000}");
            Assert.True(Math.Abs(candidate.Similarity - withV1) < 0.005f, $"similarity {candidate.Similarity:0.000}: version 1 probe {withV1:0.000}, version 2 probe {withV2:0.000}");
        }
        probe.Dispose();
    }

    [FaceFact]
    public async Task AReplicaStillOnTheOldVersionAfterASwitchSearchesAgainOnTheNewOneInsteadOfDroppingCandidates()
    {
        var bed = _bed = await ReindexBed.StartAsync(_data.Path, next: new Dictionary<string, string?>(ReindexBed.VersionTwo) { ["Portal:FaceIndex:SearchWaitBound"] = "00:00:00.500" });
        var replica = bed.Next.Host.Get<FaceIndexReplica>();
        var caseId = await SubmitAsync(bed, "people/obama/obama2.jpg");
        await replica.CatchUpAsync();
        Assert.Equal(1, bed.Next.Host.Get<ActiveFaceIndex>().Version);
        // This replica has every change up to the submission, then stops applying: the switch happens without it.
        replica.Pause();
        await bed.Next.Host.Get<FaceReindex>().RunAsync((await bed.ReindexJobAsync()).SubjectId, 1, _ => Task.CompletedTask, CancellationToken.None);
        Assert.Equal(2, (await bed.StateAsync()).ActiveVersion);

        await bed.Next.Worker.StartAsync(CancellationToken.None);
        await bed.Next.WaitUntilAsync(jobs => jobs.Any(j => j.Kind == JobKind.SearchProbe && j.Attempts >= 1 && j.State == JobState.Queued));
        // The admin's detail names the version wait, not a log position the replica had in fact reached.
        var error = await bed.ReadAsync(db => db.Jobs.Where(j => j.Kind == JobKind.SearchProbe).Select(j => j.LastError).SingleAsync());
        Assert.Contains("still held pipeline version 1 of 2", error);
        Assert.Null(await bed.ReadAsync(db => db.Probes.Where(p => p.CaseId == caseId).Select(p => p.SearchedAt).SingleAsync()));
        Assert.False(await bed.ReadAsync(db => db.Candidates.AnyAsync(c => c.CaseId == caseId)), "no answer from the old version's index");

        replica.Resume();
        await bed.Next.WaitUntilAsync(jobs => jobs.Where(j => j.Kind == JobKind.SearchProbe).All(j => j.State == JobState.Succeeded));
        await bed.Next.Worker.StopAsync(CancellationToken.None);
        var (candidates, probe) = await CandidatesAsync(bed, caseId);
        probe.Dispose();
        Assert.NotEmpty(candidates);
        Assert.All(candidates, c => Assert.Equal(2, c.Face.PipelineVersion));
    }

    [Fact]
    public async Task AWorkerWhoseBuildCannotComputeTheReindexTargetLeavesTheJobForAnother()
    {
        await using var bed = await QueueTestBed.StartAsync(_data.Path, overrides: FaceReplicaBed.Fast);
        var factory = bed.Host.Get<IDbContextFactory<PortalDbContext>>();
        var run = Guid.NewGuid();
        RecognitionJob job;
        // As a newer build's start leaves the portal: a re-index towards a version this build does not know.
        await using (var db = await factory.CreateDbContextAsync())
        {
            var state = await db.FacePipelineStates.SingleAsync();
            (state.TargetVersion, state.ReindexRunId) = (FacePipelineVersion.Current + 1, run);
            job = bed.Host.Get<JobQueue>().Stage(db, JobKind.Reindex, run, Guid.Empty, "system");
            await db.SaveChangesAsync();
        }

        Assert.Null(await bed.Host.Get<JobQueue>().ClaimAsync("older-build/w1", CancellationToken.None));
        var left = (await bed.JobsAsync()).Single(j => j.Id == job.Id);
        Assert.Equal((JobState.Queued, 0, null), (left.State, left.Attempts, left.LastError));

        // The same job towards a version this build computes is claimed: it is the target that decides.
        await using (var db = await factory.CreateDbContextAsync())
            await db.FacePipelineStates.ExecuteUpdateAsync(s => s.SetProperty(x => x.TargetVersion, FacePipelineVersion.Current));
        Assert.Equal(job.Id, (await bed.Host.Get<JobQueue>().ClaimAsync("newer-build/w1", CancellationToken.None))?.Id);
    }

    private static async Task DelayReindexAsync(ReindexBed bed)
    {
        // The re-index waits, so version 1 stays active while the job under test runs.
        var reindex = await bed.ReindexJobAsync();
        await bed.Next.SetJobAsync(reindex.Id, j => j.NotBefore = DateTimeOffset.UtcNow.AddDays(1));
    }

    private static async Task<Guid> SubmitAsync(ReindexBed bed, string photo)
    {
        var submission = await bed.Next.Host.Get<CaseService>().SubmitAsync(bed.Staff, new NewCase("TH-VERSION", Purpose.MissingChild, "", [bed.Gallery], 10),
            [new ProbeUpload("probe.jpg", null, () => File.OpenRead(SharedFaces.File(photo)))]);
        Assert.NotNull(submission.CaseId);
        return submission.CaseId.Value;
    }

    private static async Task<(List<(Candidate Candidate, StoredFace Face)> Candidates, AnalysedPhoto Probe)> CandidatesAsync(ReindexBed bed, Guid caseId)
    {
        var candidates = await bed.ReadAsync(db => db.Candidates.AsNoTracking().Where(c => c.CaseId == caseId)
            .Join(db.Faces.AsNoTracking(), c => c.FaceId, f => f.Id, (c, f) => new { c, f }).ToListAsync());
        var storedName = await bed.ReadAsync(db => db.Probes.Where(p => p.CaseId == caseId).Select(p => p.StoredName).SingleAsync());
        var probe = await bed.Next.Host.Get<FaceCropMaker>().AnalyzeAsync(storedName, [1, 2], CancellationToken.None);
        return (candidates.Select(x => (x.c, x.f)).ToList(), probe);
    }

    private static float[] Best(FaceAnalysis analysis) => analysis.Faces.First(f => f.Quality.Passed).Embedding!;

    public async Task DisposeAsync()
    {
        if (_bed is not null)
            await _bed.DisposeAsync();
        _data.Dispose();
    }
}
