using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Portal.Domain.Cases;
using Portal.Domain.Faces;
using Portal.Domain.Galleries;
using Portal.Domain.Organisations;
using Portal.Domain.Queue;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Galleries;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;
using Xunit.Abstractions;

namespace Portal.Tests.ScaleOut;

/// <summary>
/// Real portal processes (Portal.Web.dll) on one PostgreSQL database and one data directory, as docs/deployment.md
/// deploys them. The test's own host runs no worker: it submits the work and reads what the database recorded.
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class ThreeProcessTests(ITestOutputHelper output) : IAsyncLifetime
{
    // A cold start is about 3 s on an idle 2-core machine and far more while three processes start at once under load.
    private static readonly TimeSpan StartBudget = TimeSpan.FromSeconds(90);
    private const int WorkersEach = 2;
    private readonly TempDirectory _data = new();
    private readonly List<PortalProcess> _processes = [];
    private QueueTestBed _bed = null!;

    public async Task InitializeAsync() =>
        _bed = await QueueTestBed.StartAsync(_data.Path, overrides: Merge(FaceReplicaBed.Fast, ("Portal:FaceIndex:LiveWindow", "00:00:03")));

    [Fact]
    public async Task FiveHundredJobsOnThreeProcessesAreEachDoneOnceAndNoneIsLostWhenOneIsKilledMidRun()
    {
        var (victim, web, workers) = (StartWeb(), StartWeb(), StartWorkersOnly());
        await WaitUntilRunningAsync();
        await using var owners = new LeaseOwners(Contexts);
        var actor = await _bed.ThornStaffAsync();
        var clock = Stopwatch.StartNew();
        var uploading = _bed.UploadAsync(actor, await _bed.GalleryAsync(actor), 500, _ => TestImages.Jpeg(160, 120));

        // Killed once every process has taken work and a fifth of the jobs are done, while the victim runs a job: a crash, mid-run.
        Assert.True(await FaceReplicaBed.EventuallyAsync(async () =>
        {
            var jobs = await _bed.JobsAsync();
            return _processes.All(p => owners.JobsRunBy(p) > 0) && jobs.Count(j => j.State == JobState.Succeeded) >= 100
                && jobs.Any(j => j.State == JobState.Running && LeaseOwners.ProcessOf(j.LeaseOwner!) == victim.Id);
        }, StartBudget + StartBudget), "not every process took work");
        // A job of a small photo takes milliseconds, so "running" can be over by the time a kill lands: freeze the victim,
        // let a statement it sent just before commit, and kill it only while it holds a job; otherwise let it run on and try again.
        HashSet<Guid> orphans = [];
        while (orphans.Count == 0)
        {
            await victim.FreezeAsync();
            await Task.Delay(500);
            orphans = (await RunningAsync()).Where(j => LeaseOwners.ProcessOf(j.LeaseOwner!) == victim.Id).Select(j => j.Id).ToHashSet();
            if (orphans.Count == 0)
            {
                Assert.True(clock.Elapsed < StartBudget + StartBudget, "the victim never held a job when frozen");
                await victim.ThawAsync();
                await Task.Delay(50);
            }
        }
        await victim.KillAsync();
        var killedAt = clock.Elapsed;
        await uploading;
        await _bed.WaitUntilAsync(jobs => jobs.All(j => j.State == JobState.Succeeded), TimeSpan.FromSeconds(150));
        output.WriteLine($"500 jobs done in {clock.Elapsed.TotalSeconds:0.0} s; victim killed at {killedAt.TotalSeconds:0.0} s holding {orphans.Count} job(s); "
            + $"seen running: victim {owners.JobsRunBy(victim)}, web {owners.JobsRunBy(web)}, workers-only {owners.JobsRunBy(workers)}");

        var jobs = await _bed.JobsAsync();
        Assert.Equal(500, jobs.Count);
        Assert.NotEmpty(orphans);
        Assert.InRange(orphans.Count, 1, WorkersEach);
        // A claim counts an attempt, so two claims of one job, at once or in turn, would show as Attempts 2.
        Assert.All(jobs.Where(j => !orphans.Contains(j.Id)), job => Assert.Equal(1, job.Attempts));
        Assert.All(jobs.Where(j => orphans.Contains(j.Id)), job => Assert.Equal(2, job.Attempts));
        await using var db = await Contexts.CreateDbContextAsync();
        var outcomes = await db.GalleryImages.Select(i => i.Outcome).ToListAsync();
        Assert.Equal(500, outcomes.Count);
        Assert.All(outcomes, outcome => Assert.Equal(ImageOutcome.NoFace, outcome));
        Assert.False(await db.Faces.AnyAsync(), "a photo without a face was indexed with one");
        Assert.All(new[] { web, workers }, survivor => Assert.False(survivor.HasExited, $"a survivor exited:\n{survivor.Output}"));
    }

    [FaceFact]
    public async Task AFaceIndexedByOneProcessIsFoundByASearchOnAnotherAndItsDeletionReachesEveryLiveReplica()
    {
        await _bed.Host.Get<FaceIndexReplicaService>().StartAsync(CancellationToken.None); // the test host's own replica
        var pair = new[] { StartWeb(), StartWorkersOnly() };
        await WaitUntilRunningAsync();
        // Both replicas are running before the face exists: the process that does not index it learns of it from the change log.
        var reports = _bed.Host.Get<FaceReplicaReports>();
        Assert.True(await FaceReplicaBed.EventuallyAsync(async () =>
        {
            var replicas = await reports.ListAsync();
            return pair.All(p => replicas.Any(r => r.ProcessId == p.Id && r.Live));
        }, StartBudget), "a process's replica never reported");
        await using var owners = new LeaseOwners(Contexts);
        var staff = await _bed.ThornStaffAsync();
        var gallery = await _bed.GalleryAsync(staff);
        var image = (await _bed.UploadAsync(staff, gallery, 1, _ => File.ReadAllBytes(SharedFaces.File("people/obama/obama1.jpg")))).Single();
        await _bed.WaitUntilAsync(jobs => jobs.All(j => j.State == JobState.Succeeded), StartBudget);
        var indexJob = (await _bed.JobsAsync()).Single();
        var indexer = Assert.Single(pair, p => owners.Ran(indexJob.Id, p));
        var searcher = pair.Single(p => p != indexer);

        await indexer.KillAsync(); // the only process left with workers is the other one
        // The 10 s run from the search's submission: what a partner waits for (the replica lag itself is a benchmark).
        var sinceSubmitted = Stopwatch.StartNew();
        var caseId = await SubmitSearchAsync(staff, gallery);
        var found = await FaceReplicaBed.EventuallyAsync(async () => (await _bed.JobsAsync()).All(j => j.State == JobState.Succeeded),
            TimeSpan.FromSeconds(10) - sinceSubmitted.Elapsed);
        var search = (await _bed.JobsAsync()).Single(j => j.Kind == JobKind.SearchProbe);
        Assert.True(found, $"the search was {search.State} ({search.Progress} %, attempt {search.Attempts}, {search.LastError}) {sinceSubmitted.Elapsed} after its submission; "
            + $"its process wrote:\n{string.Join('\n', searcher.Output.Split('\n').TakeLast(40))}");
        output.WriteLine($"search result {sinceSubmitted.Elapsed.TotalSeconds:0.00} s after the search was submitted");
        Assert.Equal([searcher.Id], owners.Of(search.Id));
        Assert.Equal(1, search.Attempts); // its replica had the face already: no retry for a stale index
        StoredFace face;
        await using (var db = await Contexts.CreateDbContextAsync())
        {
            face = await db.Faces.AsNoTracking().SingleAsync(f => f.ImageId == image);
            Assert.True(await db.Candidates.AnyAsync(c => c.CaseId == caseId && c.FaceId == face.Id), "the other process's search did not find the face");
        }
        Assert.True(_bed.Host.Finds(face), "the test host's replica never had the face");

        var deleted = await _bed.Host.Get<GalleryService>().PurgeImageAsync(staff, image);
        Assert.True(deleted.Succeeded, deleted.Error);
        await using var read = await Contexts.CreateDbContextAsync();
        var removal = await read.Set<FaceChange>().Where(c => c.FaceId == face.Id && c.Kind == FaceChangeKind.Removed).MaxAsync(c => c.Id);
        var everywhere = new[] { searcher.Id, Environment.ProcessId };
        ChangeReach reach = null!;
        Assert.True(await FaceReplicaBed.EventuallyAsync(async () =>
        {
            reach = await reports.ReachAsync(removal);
            return reach.Everywhere && everywhere.All(pid => reach.Applied.Any(r => r.ProcessId == pid));
        }, TimeSpan.FromSeconds(15)), $"the deletion at {removal} did not reach every live replica; behind: {string.Join(", ", reach.Behind.Select(r => r.ProcessId))}");
        Assert.DoesNotContain(reach.Applied, r => r.ProcessId == indexer.Id); // killed: it holds no copy to wait for
        Assert.False(_bed.Host.Finds(face), "the test host's replica still finds the deleted face");
    }

    private IDbContextFactory<PortalDbContext> Contexts => _bed.Host.Get<IDbContextFactory<PortalDbContext>>();

    private async Task<List<RecognitionJob>> RunningAsync() => (await _bed.JobsAsync()).Where(j => j.State == JobState.Running && j.LeaseOwner != null).ToList();

    private async Task<Guid> SubmitSearchAsync(Portal.Domain.Common.Actor staff, Guid gallery)
    {
        var submission = await _bed.Host.Get<CaseService>().SubmitAsync(staff, new NewCase("TH-SCALE-OUT", Purpose.MissingChild, "", [gallery], 10),
            [new ProbeUpload("probe.jpg", null, () => File.OpenRead(SharedFaces.File("people/obama/obama2.jpg")))]);
        Assert.NotNull(submission.CaseId);
        return submission.CaseId.Value;
    }

    private Task WaitUntilRunningAsync() => Task.WhenAll(_processes.Select(p => p.WaitForOutputAsync("Reunite Portal is running.", StartBudget)));

    private PortalProcess StartWeb()
    {
        var port = PortalServer.FreePort();
        return Started(PortalProcess.Start(Settings(("ASPNETCORE_URLS", $"http://127.0.0.1:{port}"),
            ("Portal:PublicBaseUrl", $"http://127.0.0.1:{port}"), ("Portal:Security:RequireHttps", "false"))));
    }

    private PortalProcess StartWorkersOnly() => Started(PortalProcess.Start(Settings(), "--workers-only"));

    private PortalProcess Started(PortalProcess process)
    {
        _processes.Add(process);
        return process;
    }

    /// <summary>As an operator configures each process: the same database and data directory, a lease short enough to reclaim quickly.</summary>
    private Dictionary<string, string?> Settings(params (string Key, string? Value)[] extra)
    {
        var settings = Merge(QueueTestBed.FastQueue, [.. FaceReplicaBed.Fast.Select(s => (s.Key, s.Value)),
            ("Portal:DataDirectory", _data.Path), ("Portal:PublicBaseUrl", PortalFactory.PublicBaseUrl), ("Portal:Admin:Email", TestAccounts.AdminEmail), ("Portal:Admin:Password", TestAccounts.AdminPassword),
            ("Portal:Queue:Workers", WorkersEach.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            // Long enough that a loaded machine does not let a live worker's lease lapse (that would be a second attempt), short enough to reclaim soon.
            ("Portal:Queue:Lease", "00:00:08"), ("Portal:Queue:ReclaimInterval", "00:00:01"), ("Portal:FaceIndex:LiveWindow", "00:00:03")]);
        foreach (var (key, value) in TestDatabase.ForDirectory(_data.Path).Settings)
            settings[key] = value;
        foreach (var (key, value) in extra)
            settings[key] = value;
        return settings;
    }

    private static Dictionary<string, string?> Merge(IDictionary<string, string?> settings, params (string Key, string? Value)[] extra)
    {
        var merged = new Dictionary<string, string?>(settings);
        foreach (var (key, value) in extra)
            merged[key] = value;
        return merged;
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
            process.Dispose();
        await _bed.DisposeAsync();
        _data.Dispose();
    }
}
