using System.Diagnostics;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Galleries;
using Portal.Domain.Queue;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;
using Xunit.Abstractions;

namespace Portal.Tests.Infrastructure.Queue;

/// <summary>A job that kills its worker process: a real second process (<see cref="CrashWorker"/>) dies on it each time.</summary>
[Collection(AloneCollection.Name)]
public sealed class CrashingWorkerTests(ITestOutputHelper output) : IDisposable
{
    // Each crash costs a cold process start: about 2 s on an idle 2-core machine, 15-20 s measured under a load
    // average of 30 (six builds at once). The bound keeps a broken reclaim from hanging the run.
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(150);
    private readonly TempDirectory _data = new();
    private readonly StringBuilder _childErrors = new();
    private readonly StringBuilder _timeline = new();

    [Fact]
    public async Task DeadLettersAJobThatKillsItsWorkerFiveTimes()
    {
        await using var bed = await QueueTestBed.StartAsync(_data.Path);
        var actor = await bed.ThornStaffAsync();
        var images = await bed.UploadAsync(actor, await bed.GalleryAsync(actor), 4, _ => TestImages.Jpeg(320, 240));
        var poison = (await bed.JobsAsync()).Single(j => j.SubjectId == images[0]).Id;
        var clock = Stopwatch.StartNew();
        var crashes = 0;

        // One crashing worker process at a time, restarted each time it dies, until one died on the last attempt.
        Process? child = null;
        try
        {
            while (true)
            {
                var job = (await bed.JobsAsync()).Single(j => j.Id == poison);
                var exited = child is null || child.HasExited;
                if (exited && job.Attempts >= RecognitionJob.MaxAttempts)
                    break;
                // The message is built only on failure: the child's error lines are appended on another thread.
                if (clock.Elapsed >= Budget)
                    Assert.Fail($"The crash loop took too long: {job.Attempts} attempts. {_timeline}{ChildErrors()}");
                if (exited)
                {
                    crashes += child is null ? 0 : 1;
                    child?.Dispose();
                    child = StartCrashWorker(images[0]);
                    _timeline.AppendLine($"{clock.Elapsed.TotalSeconds:0.0}s: started worker {crashes + 1}; attempts {job.Attempts}, {job.State}");
                }
                await Task.Delay(100);
            }
            crashes++;
            output.WriteLine(_timeline.ToString());
        }
        finally
        {
            if (child is { HasExited: false })
                child.Kill(entireProcessTree: true);
            child?.Dispose();
        }
        Assert.Equal(JobState.Running, (await bed.JobsAsync()).Single(j => j.Id == poison).State); // its worker is gone

        // A normal worker reclaims the lease: the poison job is dead-lettered, not run a sixth time; the rest finish.
        await bed.Worker.StartAsync(CancellationToken.None);
        await bed.WaitUntilAsync(jobs => jobs.Single(j => j.Id == poison).State == JobState.DeadLettered
            && jobs.Where(j => j.Id != poison).All(j => j.State == JobState.Succeeded), TimeSpan.FromSeconds(30));
        await bed.Worker.StopAsync(CancellationToken.None);

        Assert.Equal(RecognitionJob.MaxAttempts, crashes);
        var dead = (await bed.JobsAsync()).Single(j => j.Id == poison);
        Assert.Equal((RecognitionJob.MaxAttempts, JobFailures.WorkerStopped, JobFailures.GaveUp), (dead.Attempts, dead.LastError, dead.FailureReason));
        await using var db = await bed.Host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var image = await db.GalleryImages.SingleAsync(i => i.Id == images[0]);
        Assert.Equal((ImageOutcome.Failed, JobFailures.GaveUp), (image.Outcome, image.OutcomeDetails));
        Assert.Equal(3, await db.GalleryImages.CountAsync(i => i.Outcome == ImageOutcome.NoFace));
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.JobDeadLettered && e.Target == $"job:{poison}"));
        Assert.True((await bed.Host.Get<AuditLog>().VerifyAsync()).IsIntact);
    }

    private Process StartCrashWorker(Guid poisonImage)
    {
        var host = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
        var start = new ProcessStartInfo(host) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { typeof(CrashWorker).Assembly.Location, CrashWorker.Command, _data.Path, poisonImage.ToString() })
            start.ArgumentList.Add(argument);
        start.Environment["DOTNET_DbgEnableMiniDump"] = "0"; // a crash is the point: no dump files
        var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, line) => { lock (_childErrors) _childErrors.AppendLine(line.Data); };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return process;
    }

    private string ChildErrors()
    {
        lock (_childErrors)
            return _childErrors.ToString();
    }

    public void Dispose() => _data.Dispose();
}
