using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Auditing;
using Portal.Domain.Galleries;
using Portal.Domain.Queue;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Queue;

/// <summary>A job cannot hang a worker or run for ever: time limit, abandoned handlers, reclaim at the last attempt.</summary>
public sealed class QueueLimitsTests : IDisposable
{
    private static readonly Dictionary<string, string?> OneSecondLimit = new() { ["Portal:Queue:JobTimeLimit"] = "00:00:01" };
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task AHandlerPastTheTimeLimitIsCancelledCountedAndDeadLetteredAtItsLastAttempt()
    {
        var cancelled = 0;
        await using var bed = await QueueTestBed.StartAsync(_data.Path, services => services.Script(JobKind.IndexGalleryImage,
            async (_, _, _, token) =>
            {
                try { await Task.Delay(Timeout.Infinite, token); }
                finally { Interlocked.Increment(ref cancelled); }
            }), lease: TimeSpan.FromSeconds(30), overrides: OneSecondLimit);
        var (first, last) = await TwoJobsAsync(bed);
        await bed.SetJobAsync(last, job => job.Attempts = RecognitionJob.MaxAttempts - 1);

        await bed.Worker.StartAsync(CancellationToken.None);
        await bed.WaitUntilAsync(jobs => jobs.Single(j => j.Id == last).State == JobState.DeadLettered
            && jobs.Single(j => j.Id == first).LastError is not null, TimeSpan.FromSeconds(30));
        await bed.Worker.StopAsync(CancellationToken.None);

        var jobs = await bed.JobsAsync();
        var retried = jobs.Single(j => j.Id == first);
        Assert.Equal("took longer than 1 second", retried.LastError);
        Assert.True(retried.Attempts >= 1);
        var dead = jobs.Single(j => j.Id == last);
        Assert.Equal(RecognitionJob.MaxAttempts, dead.Attempts);
        Assert.Equal("took longer than 1 second", dead.LastError);
        Assert.True(cancelled >= 2, "the handlers saw their cancellation");
        await AssertDeadLetterToldAsync(bed, dead);
    }

    [Fact]
    public async Task AHandlerThatIgnoresCancellationIsAbandonedAndTheWorkerGoesOn()
    {
        var release = new TaskCompletionSource();
        Guid hanging = default;
        await using var bed = await QueueTestBed.StartAsync(_data.Path, services => services.Script(JobKind.IndexGalleryImage,
            (_, job, _, _) => job.Id == hanging ? release.Task : Task.CompletedTask),
            lease: TimeSpan.FromSeconds(30), overrides: new Dictionary<string, string?>(OneSecondLimit) { ["Portal:Queue:Workers"] = "1" });
        var (first, second) = await TwoJobsAsync(bed);
        hanging = first;

        try
        {
            await bed.Worker.StartAsync(CancellationToken.None);
            // One worker: the second job can only run once the first (claimed first: it is older) was abandoned.
            await bed.WaitUntilAsync(jobs => jobs.Single(j => j.Id == second).State == JobState.Succeeded, TimeSpan.FromSeconds(30));
            await bed.Worker.StopAsync(CancellationToken.None);
        }
        finally
        {
            release.SetResult();
        }

        var abandoned = (await bed.JobsAsync()).Single(j => j.Id == first);
        Assert.Equal("took longer than 1 second", abandoned.LastError);
        Assert.True(abandoned.Attempts >= 1);
    }

    [Fact]
    public async Task AReclaimedJobAtItsLastAttemptIsDeadLetteredNotRunAgain()
    {
        var ran = new List<Guid>();
        await using var bed = await QueueTestBed.StartAsync(_data.Path, services => services.Script(JobKind.IndexGalleryImage,
            (_, job, _, _) => { lock (ran) ran.Add(job.Id); return Task.CompletedTask; }));
        var (last, earlier) = await TwoJobsAsync(bed);
        // Both were running in a process that died; one of them on its last attempt.
        foreach (var (id, attempts) in new[] { (last, RecognitionJob.MaxAttempts), (earlier, RecognitionJob.MaxAttempts - 1) })
            await bed.SetJobAsync(id, job =>
            {
                (job.State, job.Attempts, job.LeaseOwner) = (JobState.Running, attempts, "gone/1/w1");
                job.LeaseExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-1);
            });

        await bed.Worker.StartAsync(CancellationToken.None); // reclaims at start
        await bed.WaitUntilAsync(jobs => jobs.Single(j => j.Id == last).State == JobState.DeadLettered
            && jobs.Single(j => j.Id == earlier).State == JobState.Succeeded, TimeSpan.FromSeconds(20));
        await bed.Worker.StopAsync(CancellationToken.None);

        Assert.Equal([earlier], ran);
        var jobs = await bed.JobsAsync();
        Assert.Equal(RecognitionJob.MaxAttempts, jobs.Single(j => j.Id == earlier).Attempts);
        var dead = jobs.Single(j => j.Id == last);
        Assert.Equal(RecognitionJob.MaxAttempts, dead.Attempts);
        Assert.Equal(JobFailures.WorkerStopped, dead.LastError);
        await AssertDeadLetterToldAsync(bed, dead);
    }

    [Fact]
    public async Task ACleanShutdownRequeuesARunningJobWithoutSpendingAnAttempt()
    {
        var started = new TaskCompletionSource();
        await using var bed = await QueueTestBed.StartAsync(_data.Path, services => services.Script(JobKind.IndexGalleryImage,
            async (_, _, _, token) => { started.TrySetResult(); await Task.Delay(Timeout.Infinite, token); }));
        var (first, _) = await TwoJobsAsync(bed);

        await bed.Worker.StartAsync(CancellationToken.None);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await bed.Worker.StopAsync(CancellationToken.None);

        var jobs = await bed.JobsAsync();
        Assert.All(jobs, job => Assert.Equal((JobState.Queued, 0, null), (job.State, job.Attempts, job.LastError)));
        Assert.Contains(jobs, job => job.Id == first);
    }

    /// <summary>The submitter's image says so in plain words, and the dead letter is audited with its detail.</summary>
    private static async Task AssertDeadLetterToldAsync(QueueTestBed bed, RecognitionJob dead)
    {
        Assert.Equal(JobFailures.GaveUp, dead.FailureReason);
        await using var db = await bed.Host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var image = await db.GalleryImages.SingleAsync(i => i.Id == dead.SubjectId);
        Assert.Equal((ImageOutcome.Failed, JobFailures.GaveUp), (image.Outcome, image.OutcomeDetails));
        var entry = await db.AuditEntries.SingleAsync(e => e.Action == AuditActions.JobDeadLettered && e.Target == $"job:{dead.Id}");
        Assert.Contains(dead.LastError!, entry.Details);
        Assert.True((await bed.Host.Get<AuditLog>().VerifyAsync()).IsIntact);
    }

    private static async Task<(Guid First, Guid Second)> TwoJobsAsync(QueueTestBed bed)
    {
        var actor = await bed.ThornStaffAsync();
        var images = await bed.UploadAsync(actor, await bed.GalleryAsync(actor), 2, _ => TestImages.Jpeg(320, 240));
        var jobs = await bed.JobsAsync();
        return (jobs.Single(j => j.SubjectId == images[0]).Id, jobs.Single(j => j.SubjectId == images[1]).Id);
    }

    public void Dispose() => _data.Dispose();
}
