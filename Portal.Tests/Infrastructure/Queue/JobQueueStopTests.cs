using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Organisations;
using Portal.Domain.Queue;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Galleries;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Queue;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Queue;

/// <summary>
/// A submitter's cancel and a photo's deletion stop a job the same way (<see cref="JobQueue.StopAsync"/>): nothing is
/// left that an admin's retry could bring back, and a running job is asked to stop.
/// </summary>
public sealed class JobQueueStopTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private QueueTestBed _bed = default!;

    public async Task InitializeAsync() => _bed = await QueueTestBed.StartAsync(_data.Path);

    [Fact]
    public async Task CancellingAFailedSearchLeavesNothingAnAdminRetryCouldRevive()
    {
        var (staff, probe, job) = await SearchAsync();
        await _bed.SetJobAsync(job, DeadLettered);

        Assert.True((await _bed.Host.Get<CaseService>().CancelProbeAsync(staff, probe)).Succeeded);

        Assert.Equal(JobState.Cancelled, (await _bed.JobsAsync()).Single().State);
        Assert.Equal("That job is no longer dead-lettered.", (await RetryAsync(job)).Error);
        await using var db = await Db();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.JobCancelled && e.Target == $"probe:{probe}"));
    }

    [Fact]
    public async Task AFinishedSearchCannotBeCancelled()
    {
        var (staff, probe, job) = await SearchAsync();
        await _bed.SetJobAsync(job, j => j.State = JobState.Succeeded);

        Assert.Equal("This search has already finished.", (await _bed.Host.Get<CaseService>().CancelProbeAsync(staff, probe)).Error);
        Assert.Equal(JobState.Succeeded, (await _bed.JobsAsync()).Single().State);
    }

    [Fact]
    public async Task PurgingAPhotoWhoseIndexingFailedLeavesNothingAnAdminRetryCouldRevive()
    {
        var (staff, image, job) = await PhotoAsync();
        await _bed.SetJobAsync(job, DeadLettered);

        Assert.True((await _bed.Host.Get<GalleryService>().PurgeImageAsync(staff, image)).Succeeded);

        Assert.Equal(JobState.Cancelled, (await _bed.JobsAsync()).Single().State);
        Assert.Equal("That job is no longer dead-lettered.", (await RetryAsync(job)).Error);
    }

    [Fact]
    public async Task PurgingAPhotoWhileItIsIndexedAsksItsWorkerToStop()
    {
        var (staff, image, job) = await PhotoAsync();
        await _bed.SetJobAsync(job, j => (j.State, j.Attempts, j.LeaseOwner, j.LeaseExpiresAt) = (JobState.Running, 1, "elsewhere/1/w1", DateTimeOffset.UtcNow.AddMinutes(5)));

        Assert.True((await _bed.Host.Get<GalleryService>().PurgeImageAsync(staff, image)).Succeeded);

        var stopped = (await _bed.JobsAsync()).Single();
        Assert.Equal((JobState.Running, true), (stopped.State, stopped.CancelRequested));
        Assert.False(await _bed.Host.Get<JobQueue>().HeartbeatAsync(stopped, "elsewhere/1/w1", 50, CancellationToken.None));
    }

    private static void DeadLettered(RecognitionJob job) =>
        (job.State, job.Attempts, job.LastError, job.CompletedAt) = (JobState.DeadLettered, RecognitionJob.MaxAttempts, "IOException", DateTimeOffset.UtcNow);

    private async Task<(Actor Staff, Guid Probe, Guid Job)> SearchAsync()
    {
        var staff = await _bed.ThornStaffAsync();
        var gallery = await _bed.GalleryAsync(staff);
        var bytes = TestImages.Jpeg();
        var submission = await _bed.Host.Get<CaseService>().SubmitAsync(staff, new NewCase("TH-STOP", Purpose.MissingChild, "", [gallery], 10),
            [new ProbeUpload("a.jpg", bytes.Length, () => new MemoryStream(bytes))]);
        var probe = (await _bed.Host.Get<CaseQueries>().GetAsync(staff, submission.CaseId!.Value)).Value!.Probes.Single().ProbeId;
        return (staff, probe, (await _bed.JobsAsync()).Single().Id);
    }

    private async Task<(Actor Staff, Guid Image, Guid Job)> PhotoAsync()
    {
        var staff = await _bed.ThornStaffAsync();
        var image = (await _bed.UploadAsync(staff, await _bed.GalleryAsync(staff), 1, _ => TestImages.Jpeg())).Single();
        return (staff, image, (await _bed.JobsAsync()).Single().Id);
    }

    private async Task<Outcome> RetryAsync(Guid job) =>
        await _bed.Host.Get<QueueAdministration>().RetryAsync(await ReviewScenario.ActorAsync(_bed.Host.Services, TestAccounts.AdminEmail), job);

    private Task<PortalDbContext> Db() => _bed.Host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    public async Task DisposeAsync()
    {
        await _bed.DisposeAsync();
        _data.Dispose();
    }
}
