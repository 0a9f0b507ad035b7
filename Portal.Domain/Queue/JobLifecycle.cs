using System.Linq.Expressions;
using Portal.Domain.Common;

namespace Portal.Domain.Queue;

/// <summary>
/// Which moves a job may make. Held and cancelled are the moratorium's and the submitter's words: a held job
/// is neither failed nor dropped, and a cancelled one never runs again.
/// </summary>
public static partial class JobLifecycle
{
    private static readonly Dictionary<JobState, JobState[]> Allowed = new()
    {
        [JobState.Queued] = [JobState.Running, JobState.HeldByMoratorium, JobState.Cancelled],
        [JobState.Running] = [JobState.Succeeded, JobState.Queued, JobState.DeadLettered, JobState.HeldByMoratorium, JobState.Cancelled],
        [JobState.HeldByMoratorium] = [JobState.Queued, JobState.Cancelled],
        [JobState.DeadLettered] = [JobState.Queued, JobState.Cancelled],
        [JobState.Succeeded] = [],
        [JobState.Cancelled] = [],
    };

    public static bool CanMove(JobState from, JobState to) => Allowed[from].Contains(to);

    /// <summary>Jobs a worker may claim now.</summary>
    public static Expression<Func<RecognitionJob, bool>> Due(DateTimeOffset now) =>
        job => Claimable.Contains(job.State) && job.NotBefore <= now;

    /// <summary>Jobs running under <paramref name="owner"/>'s lease.</summary>
    public static Expression<Func<RecognitionJob, bool>> LeasedTo(string owner) =>
        job => job.State == JobState.Running && job.LeaseOwner == owner;

    /// <summary>Running jobs whose worker stopped renewing the lease: it crashed, was killed or lost the database.</summary>
    public static Expression<Func<RecognitionJob, bool>> LeaseExpired(DateTimeOffset now) =>
        job => job.State == JobState.Running && job.LeaseExpiresAt < now;

    /// <summary>
    /// A failed attempt (the claim already counted it): back to the queue after a growing wait, or dead-lettered
    /// after the last attempt. <paramref name="detail"/> is for admins; <paramref name="reason"/> for the submitter.
    /// </summary>
    public static JobState Fail(RecognitionJob job, string detail, string reason, DateTimeOffset now)
    {
        if (job.State != JobState.Running)
            throw new InvalidOperationException($"A {job.State} job has no attempt to fail.");
        job.LastError = Clip(detail, 4000);
        job.FailureReason = Clip(reason, 1000);
        job.LeaseOwner = null;
        job.LeaseExpiresAt = null;
        job.Progress = 0;
        if (job.Attempts >= RecognitionJob.MaxAttempts)
        {
            job.State = JobState.DeadLettered;
            job.CompletedAt = now;
        }
        else
        {
            job.State = JobState.Queued;
            job.NotBefore = now + Backoff(job.Attempts);
        }
        return job.State;
    }

    /// <summary>
    /// A job whose lease expired. Its worker stopped without finishing, and the claim counted that attempt: after
    /// the last one it is dead-lettered, so a job that kills its worker every time cannot run for ever.
    /// </summary>
    public static JobState Reclaim(RecognitionJob job, DateTimeOffset now)
    {
        if (job.Attempts >= RecognitionJob.MaxAttempts)
            return Fail(job, JobFailures.WorkerStopped, JobFailures.GaveUp, now);
        if (job.State != JobState.Running)
            throw new InvalidOperationException($"A {job.State} job holds no lease.");
        job.State = JobState.Queued;
        job.LeaseOwner = null;
        job.LeaseExpiresAt = null;
        job.Progress = 0;
        job.NotBefore = now; // the expired lease was the wait
        return job.State;
    }

    /// <summary>
    /// Probe searches run before gallery indexing: someone is waiting for them. Erasures too: data past its time
    /// must not wait behind a large upload.
    /// </summary>
    public static int PriorityOf(JobKind kind) => kind is JobKind.SearchProbe or JobKind.SearchTemplate or JobKind.Erase ? 0 : 1;

    /// <summary>Wait before the next attempt: 2, 4, 8, 16 seconds.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Pow(2, Math.Clamp(attempts, 1, 10)));

    /// <summary>Holds a job whose organisation became blocked. Its attempts are not spent: nothing failed.</summary>
    public static Outcome Hold(RecognitionJob job, string reason)
    {
        if (!Holdable.Contains(job.State) && job.State != JobState.Running)
            return Outcome.Conflict($"A {job.State} job cannot be held.");
        if (job.State == JobState.Running)
            job.Attempts = Math.Max(0, job.Attempts - 1); // the claim counted an attempt; nothing was tried
        job.State = JobState.HeldByMoratorium;
        job.HeldReason = reason;
        job.LeaseOwner = null;
        job.LeaseExpiresAt = null;
        job.Progress = 0;
        return Outcome.Ok;
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max];
}
