using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Domain.Auditing;
using Portal.Domain.Faces;
using Portal.Domain.Galleries;
using Portal.Domain.Queue;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Queue;
using Portal.Infrastructure.Uploads;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Queue;

/// <summary>Nothing submitted is lost: crashed workers, poison input, several processes, restarts.</summary>
public sealed class QueueDurabilityTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [FaceFact]
    public async Task AJobWhoseWorkerCrashedMidRunCompletesAfterTheLeaseExpiresWithExactlyOneResultSet()
    {
        await using var bed = await QueueTestBed.StartAsync(_data.Path);
        var actor = await bed.ThornStaffAsync();
        var image = (await bed.UploadAsync(actor, await bed.GalleryAsync(actor), 1, _ => File.ReadAllBytes(SharedFaces.File("people/obama/obama1.jpg"))))[0];
        // A worker claims the job, does the whole job, and dies before it can say it finished.
        var queue = bed.Host.Get<JobQueue>();
        var claimed = (await queue.ClaimAsync("crashed-worker", CancellationToken.None))!;
        var handler = bed.Host.Services.GetServices<IJobHandler>().Single(h => h.Kind == JobKind.IndexGalleryImage);
        await handler.RunAsync(claimed, _ => Task.CompletedTask, CancellationToken.None);

        await bed.Worker.StartAsync(CancellationToken.None);
        await bed.WaitUntilAsync(jobs => jobs.Single().State == JobState.Succeeded);
        await bed.Worker.StopAsync(CancellationToken.None);

        var job = (await bed.JobsAsync()).Single();
        Assert.Equal(2, job.Attempts);
        await using var db = await bed.Host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.Equal(1, await db.Faces.CountAsync(f => f.ImageId == image));
        Assert.Equal(1, bed.Host.Get<IFaceIndex>().Count);
        Assert.Equal(ImageOutcome.Indexed, (await db.GalleryImages.SingleAsync(i => i.Id == image)).Outcome);
    }

    [Fact]
    public async Task APoisonImageIsDeadLetteredAfterFiveAttemptsAndOtherJobsAreUnaffected()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var bed = await QueueTestBed.StartAsync(_data.Path, services => services.AddSingleton<TimeProvider>(clock));
        var actor = await bed.ThornStaffAsync();
        var gallery = await bed.GalleryAsync(actor);
        var images = await bed.UploadAsync(actor, gallery, 2, _ => TestImages.Jpeg(320, 240));
        await using (var db = await bed.Host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            // The stored file of the first photo is damaged on disk after it was accepted.
            var poisoned = await db.GalleryImages.SingleAsync(i => i.Id == images[0]);
            await File.WriteAllBytesAsync(bed.Host.Get<FileStore>().PathOf(poisoned.StoredName), [0xFF, 0xD8, 0xFF, 0x00, 0x13, 0x37]);
        }
        var poisonJob = (await bed.JobsAsync()).Single(j => j.SubjectId == images[0]).Id;
        var healthyJob = (await bed.JobsAsync()).Single(j => j.SubjectId == images[1]).Id;

        await bed.Worker.StartAsync(CancellationToken.None);
        // The healthy photo is done before the clock jumps ahead (a jump would expire its lease in fake time).
        await bed.WaitUntilAsync(jobs => jobs.Single(j => j.Id == healthyJob).State == JobState.Succeeded);
        for (var attempt = 1; attempt <= RecognitionJob.MaxAttempts; attempt++)
        {
            await bed.WaitUntilAsync(jobs => jobs.Single(j => j.Id == poisonJob) is { Attempts: var a, State: not JobState.Running } && a >= attempt);
            clock.Advance(TimeSpan.FromMinutes(1)); // past the back-off
            bed.Host.Get<JobQueue>().Signal(2);
        }
        await bed.WaitUntilAsync(jobs => jobs.Single(j => j.Id == poisonJob).State == JobState.DeadLettered);
        await bed.Worker.StopAsync(CancellationToken.None);

        var jobs = await bed.JobsAsync();
        var dead = jobs.Single(j => j.Id == poisonJob);
        Assert.Equal(RecognitionJob.MaxAttempts, dead.Attempts);
        Assert.Contains("truncated", dead.LastError);
        Assert.Equal(JobState.Succeeded, jobs.Single(j => j.Id == healthyJob).State);
        Assert.Equal(1, jobs.Single(j => j.Id == healthyJob).Attempts);
        await using var check = await bed.Host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var image = await check.GalleryImages.SingleAsync(i => i.Id == images[0]);
        Assert.Equal(ImageOutcome.Failed, image.Outcome);
        Assert.Contains("truncated", image.OutcomeDetails);
        Assert.True(await check.AuditEntries.AnyAsync(e => e.Action == AuditActions.JobDeadLettered));
    }

    [Fact]
    public async Task TwoWorkerHostsOnOneDatabaseProcess200JobsEachExactlyOnce()
    {
        // A production-like lease: a 2-second one can lapse on a loaded 2-core machine, and a lapsed lease is
        // (correctly) run again; that path has its own test above. Here the point is that claims never collide.
        await using var first = await QueueTestBed.StartAsync(_data.Path, lease: TimeSpan.FromSeconds(60));
        await using var second = await QueueTestBed.StartAsync(_data.Path, lease: TimeSpan.FromSeconds(60));
        var actor = await first.ThornStaffAsync();
        await first.UploadAsync(actor, await first.GalleryAsync(actor), 200, i => TestImages.Jpeg(64 + i % 7, 48));

        await Task.WhenAll(first.Worker.StartAsync(CancellationToken.None), second.Worker.StartAsync(CancellationToken.None));
        await first.WaitUntilAsync(jobs => jobs.All(j => j.State == JobState.Succeeded), TimeSpan.FromMinutes(3));
        await Task.WhenAll(first.Worker.StopAsync(CancellationToken.None), second.Worker.StopAsync(CancellationToken.None));

        var jobs = await first.JobsAsync();
        Assert.Equal(200, jobs.Count);
        Assert.All(jobs, job => Assert.Equal(1, job.Attempts));
        await using var db = await first.Host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.Equal(200, await db.GalleryImages.CountAsync(i => i.Outcome == ImageOutcome.NoFace));
        Assert.Equal(200, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.ImageUploaded));
    }

    [Fact]
    public async Task ARestartWithQueuedAndRunningJobsLosesNone()
    {
        var actor = default(Portal.Domain.Common.Actor)!;
        await using (var before = await QueueTestBed.StartAsync(_data.Path))
        {
            actor = await before.ThornStaffAsync();
            await before.UploadAsync(actor, await before.GalleryAsync(actor), 40, _ => TestImages.Jpeg(320, 240));
            await before.Worker.StartAsync(CancellationToken.None);
            await before.WaitUntilAsync(jobs => jobs.Count(j => j.State == JobState.Succeeded) >= 5);
            // A clean stop mid-run: what was running goes back to the queue.
            await before.Worker.StopAsync(CancellationToken.None);
            // And a crash: two jobs claimed by a worker that will never come back.
            var queue = before.Host.Get<JobQueue>();
            await queue.ClaimAsync("crashed-a", CancellationToken.None);
            await queue.ClaimAsync("crashed-b", CancellationToken.None);
            var states = await before.JobsAsync();
            Assert.True(states.Count(j => j.State == JobState.Queued) > 0);
            Assert.Equal(2, states.Count(j => j.State == JobState.Running));
        }

        await using var after = await QueueTestBed.StartAsync(_data.Path);
        await after.Worker.StartAsync(CancellationToken.None);
        await after.WaitUntilAsync(jobs => jobs.All(j => j.State == JobState.Succeeded));
        await after.Worker.StopAsync(CancellationToken.None);

        var jobs = await after.JobsAsync();
        Assert.Equal(40, jobs.Count);
        Assert.All(jobs, j => Assert.Equal(JobState.Succeeded, j.State));
        await using var db = await after.Host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.Equal(40, await db.GalleryImages.CountAsync(i => i.Outcome != ImageOutcome.Pending));
    }

    public void Dispose() => _data.Dispose();
}
