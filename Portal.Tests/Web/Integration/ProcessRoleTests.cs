using System.Diagnostics;
using System.Net.Sockets;
using Portal.Domain.Faces;
using Portal.Domain.Queue;
using Portal.Tests.Support;
using Xunit.Abstractions;

namespace Portal.Tests.Web.Integration;

/// <summary>
/// The portal binary in its three roles, as real processes on a shared SQLite data directory: the test's own host
/// (no workers started) submits the jobs, the process under test does them, or must not.
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class ProcessRoleTests(ITestOutputHelper output) : IDisposable
{
    // A cold start of the portal is about 3 s on an idle 2-core machine and far more under a shared load.
    private static readonly TimeSpan StartBudget = TimeSpan.FromSeconds(90);
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task AWorkersOnlyProcessDoesTheJobsAnotherProcessQueuedAndOpensNoPort()
    {
        await using var bed = await QueueTestBed.StartAsync(_data.Path, overrides: new Dictionary<string, string?> { ["Portal:Queue:RunWorkers"] = "false" });
        var actor = await bed.ThornStaffAsync();
        await bed.UploadAsync(actor, await bed.GalleryAsync(actor), 3, _ => TestImages.Jpeg(320, 240));
        var port = PortalServer.FreePort();

        using var worker = StartWorkersOnly(port);
        await bed.WaitUntilAsync(jobs => jobs.All(j => j.State == JobState.Succeeded), StartBudget);

        Assert.Contains("Role: workers only", worker.Output, StringComparison.Ordinal);
        // Told where to listen in both the ways an operator would, it still listens nowhere.
        using var client = new TcpClient();
        var refused = await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync("127.0.0.1", port));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }

    [Fact]
    public async Task AWorkersOnlyProcessStopsCleanlyOnSigtermAndGivesBackTheJobItWasRunning()
    {
        await using var bed = await QueueTestBed.StartAsync(_data.Path);
        var actor = await bed.ThornStaffAsync();
        // Photos large enough that a job takes a while, so that one is running when the signal arrives.
        await bed.UploadAsync(actor, await bed.GalleryAsync(actor), 8, _ => TestImages.Jpeg(2400, 1800));
        using var worker = StartWorkersOnly(PortalServer.FreePort(), ("Portal:Queue:Workers", "1"));
        await bed.WaitUntilAsync(jobs => jobs.Any(j => j.State == JobState.Running), StartBudget);

        var clock = Stopwatch.StartNew();
        await worker.TerminateAsync();
        var exitCode = await worker.WaitForExitAsync(TimeSpan.FromSeconds(20));
        output.WriteLine($"stopped {clock.Elapsed.TotalSeconds:0.0} s after SIGTERM");

        Assert.Equal(0, exitCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"SIGTERM took {clock.Elapsed} to stop the process");
        // Released (queued again, its attempt not spent) or finished: nothing is left running under a dead lease.
        var jobs = await bed.JobsAsync();
        Assert.All(jobs, job => Assert.Contains(job.State, new[] { JobState.Queued, JobState.Succeeded }));
        Assert.All(jobs.Where(j => j.State == JobState.Queued), job => Assert.Equal((0, null), (job.Attempts, job.LeaseOwner)));
        Assert.Contains(jobs, job => job.State == JobState.Queued);

        await bed.Worker.StartAsync(CancellationToken.None);
        await bed.WaitUntilAsync(all => all.All(j => j.State == JobState.Succeeded), StartBudget);
        await bed.Worker.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task RefusesToStartWorkersOnlyWhenRunWorkersIsFalse()
    {
        using var worker = StartWorkersOnly(PortalServer.FreePort(), ("Portal:Queue:RunWorkers", "false"));

        var exitCode = await worker.WaitForExitAsync(StartBudget);

        Assert.Equal(1, exitCode);
        Assert.Contains("--workers-only with Portal:Queue:RunWorkers=false", worker.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_data.Path, "portal.db")), "the refused process touched the database");
    }

    [Fact]
    public async Task AWebOnlyProcessServesPagesAndRunsNoWorker()
    {
        await using var bed = await QueueTestBed.StartAsync(_data.Path);
        var actor = await bed.ThornStaffAsync();
        await bed.UploadAsync(actor, await bed.GalleryAsync(actor), 2, _ => TestImages.Jpeg(320, 240));
        // Otherwise no worker would claim anything anyway, and this test could not fail.
        Assert.True(bed.Host.Get<IFaceAnalyzer>().IsAvailable, "the face models are missing");
        var port = PortalServer.FreePort();

        using var web = PortalProcess.Start(Settings(port, ("Portal:Queue:RunWorkers", "false"), ("Portal:PublicBaseUrl", $"http://127.0.0.1:{port}"),
            ("Portal:Security:RequireHttps", "false")));
        await web.WaitForOutputAsync("Reunite Portal is running.", StartBudget);
        using var http = new HttpClient();
        var health = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/health"));
        await Task.Delay(TimeSpan.FromSeconds(2)); // twenty of its poll intervals

        Assert.True(health.IsSuccessStatusCode, $"/health answered {(int)health.StatusCode}");
        Assert.Contains("Role: web only", web.Output, StringComparison.Ordinal);
        Assert.All(await bed.JobsAsync(), job => Assert.Equal((JobState.Queued, 0), (job.State, job.Attempts)));
        await web.TerminateAsync();
        Assert.Equal(0, await web.WaitForExitAsync(TimeSpan.FromSeconds(20)));
    }

    private PortalProcess StartWorkersOnly(int port, params (string Key, string Value)[] overrides) =>
        PortalProcess.Start(Settings(port, overrides), "--workers-only", "--urls", $"http://127.0.0.1:{port}");

    private Dictionary<string, string?> Settings(int port, params (string Key, string Value)[] overrides)
    {
        var settings = new Dictionary<string, string?>(QueueTestBed.FastQueue)
        {
            ["Portal:DataDirectory"] = _data.Path,
            ["Portal:Admin:Email"] = TestAccounts.AdminEmail,
            ["Portal:Admin:Password"] = TestAccounts.AdminPassword,
            // Longer than the test bed's: on a loaded machine a 2-second lease can lapse while a job runs.
            ["Portal:Queue:Lease"] = "00:00:10",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
        };
        // The database of the data directory (PostgreSQL in the PostgreSQL test assembly), as the test's host uses.
        foreach (var (key, value) in TestDatabase.ForDirectory(_data.Path).Settings)
            settings[key] = value;
        foreach (var (key, value) in overrides)
            settings[key] = value;
        return settings;
    }

    public void Dispose() => _data.Dispose();
}
