using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Domain.Auditing;
using Portal.Domain.Queue;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Common;
using Portal.Infrastructure.Options;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Queue;

/// <summary>
/// The durable queue: the Jobs table. Every state change is one conditional UPDATE or a read-then-save on locked rows,
/// so any number of workers in any number of processes can share it: a claim succeeds only for the worker whose update
/// found the job still queued (on PostgreSQL one that skips rows another worker has locked), and a worker can only
/// finish a job whose lease it still holds.
/// </summary>
public sealed partial class JobQueue(
    IDbContextFactory<PortalDbContext> contextFactory,
    TimeProvider timeProvider,
    IOptions<QueueOptions> options,
    Notifier<JobsChanged> changes,
    AuditLog auditLog)
{
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);

    /// <summary>A new job, added to the caller's context so it commits with the upload it works on.</summary>
    public RecognitionJob Stage(PortalDbContext db, JobKind kind, Guid subjectId, Guid organisationId, string submittedBy)
    {
        var now = timeProvider.GetUtcNow();
        var job = new RecognitionJob
        {
            Kind = kind, SubjectId = subjectId, OrganisationId = organisationId, SubmittedBy = submittedBy,
            Priority = JobLifecycle.PriorityOf(kind), CreatedAt = now, NotBefore = now,
        };
        db.Jobs.Add(job);
        return job;
    }

    /// <summary>Wakes idle workers of this process after a commit that queued work.</summary>
    public void Signal(int jobs = 1) => _wake.Release(Math.Max(1, Math.Min(jobs, options.Value.WorkerCount)));

    public Task WaitForWorkAsync(CancellationToken cancellationToken) => _wake.WaitAsync(options.Value.PollInterval, cancellationToken);

    /// <summary>Claims the next due job for <paramref name="owner"/>, or returns null.</summary>
    public async Task<RecognitionJob?> ClaimAsync(string owner, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var now = timeProvider.GetUtcNow();
        if (db.Database.IsNpgsql())
            return await PublishedAsync(await ClaimSkippingLockedAsync(db, owner, now, now + options.Value.Lease, cancellationToken));
        var candidates = await ComputableHere(db, OneEvaluationAtATime(db, db.Jobs.AsNoTracking()))
            .Where(JobLifecycle.Due(now))
            .OrderBy(j => j.Priority).ThenBy(j => j.CreatedAt)
            .Select(j => j.Id).Take(8).ToListAsync(cancellationToken);
        foreach (var id in candidates)
        {
            var leaseEnd = now + options.Value.Lease;
            // SQLite's one writer runs this UPDATE, its subquery included, alone: no second evaluation can start between.
            var won = await ComputableHere(db, OneEvaluationAtATime(db, db.Jobs))
                .Where(j => j.Id == id && JobLifecycle.Claimable.Contains(j.State))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.State, JobState.Running)
                    .SetProperty(j => j.LeaseOwner, owner)
                    .SetProperty(j => j.LeaseExpiresAt, leaseEnd)
                    .SetProperty(j => j.Attempts, j => j.Attempts + 1)
                    .SetProperty(j => j.Progress, 0)
                    .SetProperty(j => j.StartedAt, now), cancellationToken);
            if (won == 1)
                return await PublishedAsync(await db.Jobs.AsNoTracking().FirstAsync(j => j.Id == id, cancellationToken));
        }
        return null;
    }

    private async Task<RecognitionJob?> PublishedAsync(RecognitionJob? claimed)
    {
        // The first progress a waiting person sees: the search has started.
        if (claimed is not null)
            await changes.PublishAsync(new JobsChanged(claimed.OrganisationId));
        return claimed;
    }

    /// <summary>
    /// Extends the lease and records progress; false when the lease was lost (the job went to someone else) or
    /// the submitter asked to cancel. One conditional UPDATE either way.
    /// </summary>
    public async Task<bool> HeartbeatAsync(RecognitionJob job, string owner, int? progress, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var leaseEnd = timeProvider.GetUtcNow() + options.Value.Lease;
        var stillOurs = Owned(db, job.Id, owner).Where(j => !j.CancelRequested);
        var updated = progress is { } value
            ? await stillOurs.ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseExpiresAt, leaseEnd).SetProperty(j => j.Progress, value), cancellationToken)
            : await stillOurs.ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseExpiresAt, leaseEnd), cancellationToken);
        if (updated == 1 && progress is not null)
            await changes.PublishAsync(new JobsChanged(job.OrganisationId));
        return updated == 1;
    }

    public async Task<bool> CompleteAsync(RecognitionJob job, string owner, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var now = timeProvider.GetUtcNow();
        var done = await Owned(db, job.Id, owner).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.State, JobState.Succeeded).SetProperty(j => j.Progress, 100)
            .SetProperty(j => j.LeaseOwner, (string?)null).SetProperty(j => j.LeaseExpiresAt, (DateTimeOffset?)null)
            .SetProperty(j => j.CompletedAt, now).SetProperty(j => j.LastError, (string?)null)
            .SetProperty(j => j.FailureReason, (string?)null), cancellationToken);
        await changes.PublishAsync(new JobsChanged(job.OrganisationId));
        return done == 1;
    }

    /// <summary>
    /// A failed attempt: back to the queue with a growing wait, or dead-lettered after the last attempt, audited in
    /// the same transaction. <paramref name="detail"/> is for admins, <paramref name="reason"/> for the submitter.
    /// </summary>
    public async Task<JobState?> FailAsync(Guid jobId, string owner, string detail, string reason, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var job = await OwnedLocked(db, jobId, owner).FirstOrDefaultAsync(cancellationToken);
        if (job is null)
            return null;
        if (JobLifecycle.Fail(job, detail, reason, timeProvider.GetUtcNow()) == JobState.DeadLettered)
            await AuditDeadLetterAsync(db, job, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await changes.PublishAsync(new JobsChanged(job.OrganisationId));
        return job.State;
    }

    /// <summary>The submitter cancelled a running job; the worker saw it and stops.</summary>
    public async Task MarkCancelledAsync(Guid jobId, string owner, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await Owned(db, jobId, owner).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.State, JobState.Cancelled).SetProperty(j => j.LeaseOwner, (string?)null)
            .SetProperty(j => j.LeaseExpiresAt, (DateTimeOffset?)null).SetProperty(j => j.CompletedAt, timeProvider.GetUtcNow()), cancellationToken);
        await PublishAsync(jobId, db, cancellationToken);
    }

    /// <summary>
    /// Jobs whose worker stopped renewing (crashed, killed, lost) go back to the queue; the claim counted the
    /// attempt, so one at its last attempt is dead-lettered instead, audited in the same transaction. Returns
    /// those dead-lettered, for their handlers to tell the submitter.
    /// </summary>
    public async Task<ReclaimedJobs> ReclaimExpiredAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        // No heartbeat can renew a lease between the read and the update below: on SQLite the write lock is taken
        // first; on PostgreSQL heartbeats do not take it, so the expired rows are locked as they are read.
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var now = timeProvider.GetUtcNow();
        var expired = await ExpiredLocked(db, now).ToListAsync(cancellationToken);
        var dead = new List<RecognitionJob>();
        foreach (var job in expired)
        {
            if (JobLifecycle.Reclaim(job, now) != JobState.DeadLettered)
                continue;
            dead.Add(job);
            await AuditDeadLetterAsync(db, job, cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (expired.Count > 0)
            await changes.PublishAsync(new JobsChanged(null));
        return new ReclaimedJobs(expired.Count - dead.Count, dead);
    }

    /// <summary>On a clean shutdown: this owner's running jobs go back to the queue without spending an attempt.</summary>
    public async Task<int> ReleaseAsync(string owner, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Jobs
            .Where(JobLifecycle.LeasedTo(owner))
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.State, JobState.Queued).SetProperty(j => j.LeaseOwner, (string?)null)
                .SetProperty(j => j.LeaseExpiresAt, (DateTimeOffset?)null).SetProperty(j => j.Progress, 0)
                .SetProperty(j => j.Attempts, j => j.Attempts > 0 ? j.Attempts - 1 : 0), cancellationToken);
    }

    private static IQueryable<RecognitionJob> Owned(PortalDbContext db, Guid jobId, string owner) =>
        db.Jobs.Where(j => j.Id == jobId).Where(JobLifecycle.LeasedTo(owner));

    private Task AuditDeadLetterAsync(PortalDbContext db, RecognitionJob job, CancellationToken cancellationToken) =>
        auditLog.AppendWithinAsync(db, "system", AuditActions.JobDeadLettered, $"job:{job.Id}",
            $"{job.Kind.Label()} dead-lettered after {job.Attempts} attempts: {job.LastError}", job.OrganisationId, cancellationToken);

    private async Task PublishAsync(Guid jobId, PortalDbContext db, CancellationToken cancellationToken)
    {
        var organisation = await db.Jobs.Where(j => j.Id == jobId).Select(j => (Guid?)j.OrganisationId).FirstOrDefaultAsync(cancellationToken);
        await changes.PublishAsync(new JobsChanged(organisation));
    }
}

/// <summary>What a reclaim did: jobs put back in the queue, and jobs dead-lettered at their last attempt.</summary>
public sealed record ReclaimedJobs(int Requeued, IReadOnlyList<RecognitionJob> DeadLettered)
{
    public int Total => Requeued + DeadLettered.Count;
}
