using Portal.Domain.Queue;

namespace Portal.Tests.Domain;

public sealed class JobLifecycleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private static RecognitionJob Running(int attempts) => new()
    {
        SubmittedBy = "u", State = JobState.Running, Attempts = attempts, LeaseOwner = "host/1/w1", LeaseExpiresAt = Now.AddSeconds(-1),
    };

    [Fact]
    public void AReclaimedJobWithAttemptsLeftGoesBackToTheQueueAtOnce()
    {
        var job = Running(RecognitionJob.MaxAttempts - 1);

        Assert.Equal(JobState.Queued, JobLifecycle.Reclaim(job, Now));
        Assert.Equal((Now, null, null, RecognitionJob.MaxAttempts - 1), (job.NotBefore, job.LeaseOwner, job.LeaseExpiresAt, job.Attempts));
    }

    [Fact]
    public void AReclaimedJobAtItsLastAttemptIsDeadLetteredWithAPlainReason()
    {
        var job = Running(RecognitionJob.MaxAttempts);

        Assert.Equal(JobState.DeadLettered, JobLifecycle.Reclaim(job, Now));
        Assert.Equal((JobFailures.WorkerStopped, JobFailures.GaveUp, Now), (job.LastError, job.FailureReason, job.CompletedAt));
        Assert.Null(job.LeaseOwner);
    }

    [Fact]
    public void AFailedAttemptWaitsLongerEachTimeAndTheLastIsDeadLettered()
    {
        var early = Running(2);
        var last = Running(RecognitionJob.MaxAttempts);

        Assert.Equal(JobState.Queued, JobLifecycle.Fail(early, "IOException: /srv/x", "plain", Now));
        Assert.Equal(Now.AddSeconds(4), early.NotBefore);
        Assert.Equal(JobState.DeadLettered, JobLifecycle.Fail(last, new string('x', 5000), "plain", Now));
        Assert.Equal(4000, last.LastError!.Length);
    }

    [Fact]
    public void OnlyARunningJobCanFail() =>
        Assert.Throws<InvalidOperationException>(() => JobLifecycle.Fail(new RecognitionJob { SubmittedBy = "u" }, "e", "r", Now));

    [Fact]
    public void EverySetTheQueueFiltersOnMayMakeTheMoveItsUpdateWritesAndNoneTouchesALeasedJob()
    {
        var moves = new[]
        {
            (JobLifecycle.Cancellable, JobState.Cancelled), (JobLifecycle.Holdable, JobState.HeldByMoratorium),
            (JobLifecycle.Releasable, JobState.Queued), (JobLifecycle.Retryable, JobState.Queued),
            (JobLifecycle.Claimable, JobState.Running),
        };

        Assert.All(moves, move => Assert.All(move.Item1, from => Assert.True(JobLifecycle.CanMove(from, move.Item2), $"{from} -> {move.Item2}")));
        Assert.All(moves, move => Assert.DoesNotContain(JobState.Running, move.Item1));
    }

    [Fact]
    public void ADeadLetteredJobCanBeCancelledButARunningOneOnlyByItsWorker()
    {
        Assert.Contains(JobState.DeadLettered, JobLifecycle.Cancellable);
        Assert.True(JobLifecycle.CanMove(JobState.DeadLettered, JobState.Cancelled));
        Assert.DoesNotContain(JobState.Running, JobLifecycle.Cancellable);
    }

    [Fact]
    public void OnlyAQueuedJobIsClaimedAndOnlyOnceItIsDue()
    {
        var due = JobLifecycle.Due(Now).Compile();
        var queued = new RecognitionJob { SubmittedBy = "u", State = JobState.Queued, NotBefore = Now };

        Assert.True(due(queued));
        Assert.False(due(new RecognitionJob { SubmittedBy = "u", State = JobState.Queued, NotBefore = Now.AddSeconds(1) }));
        Assert.All(Enum.GetValues<JobState>().Where(s => s != JobState.Queued), state =>
            Assert.False(due(new RecognitionJob { SubmittedBy = "u", State = state, NotBefore = Now })));
    }

    [Theory]
    [InlineData("00:02:00", "2 minutes")]
    [InlineData("00:00:01", "1 second")]
    [InlineData("00:01:30", "90 seconds")]
    [InlineData("01:00:00", "1 hour")]
    public void ATimeLimitIsSaidAsAPersonWouldSayIt(string limit, string words) =>
        Assert.Equal($"took longer than {words}", JobFailures.TookTooLong(TimeSpan.Parse(limit, System.Globalization.CultureInfo.InvariantCulture)));
}
