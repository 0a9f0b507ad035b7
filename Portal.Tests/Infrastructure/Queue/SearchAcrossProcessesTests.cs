using Microsoft.EntityFrameworkCore;
using Portal.Domain.Cases;
using Portal.Domain.Organisations;
using Portal.Domain.Queue;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Queue;

/// <summary>
/// Two hosts on one database stand for two processes: A indexes a gallery photo, B's workers run the search. A search
/// never runs on an index older than its submission: it waits for its replica, bounded, and otherwise fails to retry.
/// </summary>
public sealed class SearchAcrossProcessesTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private QueueTestBed _a = null!;
    private QueueTestBed _b = null!;

    public async Task InitializeAsync()
    {
        _a = await QueueTestBed.StartAsync(_data.Path, overrides: FaceReplicaBed.Fast);
        _b = await QueueTestBed.StartAsync(_data.Path, overrides: new Dictionary<string, string?>(FaceReplicaBed.Fast)
        {
            ["Portal:FaceIndex:SearchWaitBound"] = "00:00:01",
        });
        await _b.Host.Get<FaceIndexReplicaService>().StartAsync(CancellationToken.None);
    }

    [FaceFact]
    public async Task AFaceIndexedByOneProcessIsFoundByASearchRunOnAnother()
    {
        var (staff, gallery) = await IndexOnAAsync();

        await _b.Worker.StartAsync(CancellationToken.None);
        var caseId = await SubmitOnAAsync(staff, gallery);
        await _a.WaitUntilAsync(jobs => jobs.All(j => j.State == JobState.Succeeded), TimeSpan.FromSeconds(30));

        await using var db = await _a.Host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.True(await db.Candidates.AnyAsync(c => c.CaseId == caseId && c.GalleryId == gallery));
    }

    [FaceFact]
    public async Task ASearchDoesNotRunOnAReplicaBehindItsSubmissionAndFailsToBeRetriedThenFindsTheFace()
    {
        var b = _b.Host.Get<FaceIndexReplica>();
        await b.LoadAsync();
        b.Pause(); // B's replica stays at the empty index
        var (staff, gallery) = await IndexOnAAsync();

        await _b.Worker.StartAsync(CancellationToken.None);
        var caseId = await SubmitOnAAsync(staff, gallery);
        await _a.WaitUntilAsync(jobs => jobs.Any(j => j.Kind == JobKind.SearchProbe && j.Attempts >= 1 && j.LastError != null), TimeSpan.FromSeconds(30));

        var search = (await _a.JobsAsync()).Single(j => j.Kind == JobKind.SearchProbe);
        Assert.Contains("face index had applied change", search.LastError);
        Assert.Contains("retried rather than searching a stale index", search.LastError);
        Assert.NotEqual(JobState.DeadLettered, search.State);
        await using (var db = await _a.Host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            var probe = await db.Probes.SingleAsync(p => p.CaseId == caseId);
            Assert.Null(probe.SearchedAt);
            Assert.False(await db.ProbeFaces.AnyAsync(f => f.ProbeId == probe.Id), "nothing was searched on the stale index");
        }

        b.Resume();
        await _a.WaitUntilAsync(jobs => jobs.All(j => j.State == JobState.Succeeded), TimeSpan.FromSeconds(30));
        await using var after = await _a.Host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.True(await after.Candidates.AnyAsync(c => c.CaseId == caseId && c.GalleryId == gallery));
    }

    /// <summary>A's workers index one photo into a Thorn gallery, then stop: only B's workers run afterwards.</summary>
    private async Task<(Portal.Domain.Common.Actor Staff, Guid Gallery)> IndexOnAAsync()
    {
        var staff = await _a.ThornStaffAsync();
        var gallery = await _a.GalleryAsync(staff);
        await _a.UploadAsync(staff, gallery, 1, _ => File.ReadAllBytes(SharedFaces.File("people/obama/obama1.jpg")));
        await _a.Worker.StartAsync(CancellationToken.None);
        await _a.WaitUntilAsync(jobs => jobs.All(j => j.State == JobState.Succeeded));
        await _a.Worker.StopAsync(CancellationToken.None);
        return (staff, gallery);
    }

    private async Task<Guid> SubmitOnAAsync(Portal.Domain.Common.Actor staff, Guid gallery)
    {
        var submission = await _a.Host.Get<CaseService>().SubmitAsync(staff, new NewCase("TH-REPLICA", Purpose.MissingChild, "", [gallery], 10),
            [new ProbeUpload("probe.jpg", null, () => File.OpenRead(SharedFaces.File("people/obama/obama2.jpg")))]);
        Assert.NotNull(submission.CaseId);
        return submission.CaseId.Value;
    }

    public async Task DisposeAsync()
    {
        await _b.Worker.StopAsync(CancellationToken.None);
        await _b.Host.Get<FaceIndexReplicaService>().StopAsync(CancellationToken.None);
        await _b.DisposeAsync();
        await _a.DisposeAsync();
        _data.Dispose();
    }
}
