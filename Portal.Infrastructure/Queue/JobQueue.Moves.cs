using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Queue;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Queue;

/// <summary>
/// The moves other services ask of the queue: cancel, hold, release, retry. Each is a conditional UPDATE whose state
/// filter is a <see cref="JobLifecycle"/> set, run in the caller's context so it commits with the caller's change
/// and audit entry; the caller publishes after its commit.
/// </summary>
public sealed partial class JobQueue
{
    /// <summary>
    /// Stops the jobs: those no worker holds are cancelled now; running ones are asked to stop, and their worker records
    /// the cancel at its next step. Returns how many were stopped or asked to; 0 when all had already finished.
    /// </summary>
    public async Task<int> StopAsync(PortalDbContext db, IReadOnlyCollection<Guid> jobIds, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var cancelled = await db.Jobs.Where(j => jobIds.Contains(j.Id) && JobLifecycle.Cancellable.Contains(j.State))
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.State, JobState.Cancelled).SetProperty(j => j.CompletedAt, now), cancellationToken);
        var asked = await db.Jobs.Where(j => jobIds.Contains(j.Id) && j.State == JobState.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.CancelRequested, true), cancellationToken);
        return cancelled + asked;
    }

    /// <summary>Holds the organisation's waiting work; running work is held by its worker's gate instead.</summary>
    public Task<int> HoldWaitingAsync(PortalDbContext db, Guid organisationId, string reason, CancellationToken cancellationToken) =>
        db.Jobs.Where(j => j.OrganisationId == organisationId && JobLifecycle.Holdable.Contains(j.State) && !JobLifecycle.NeverHeld.Contains(j.Kind))
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.State, JobState.HeldByMoratorium).SetProperty(j => j.HeldReason, reason), cancellationToken);

    /// <summary>Releases the organisation's held work, to run as soon as a worker is free.</summary>
    public Task<int> ReleaseHeldAsync(PortalDbContext db, Guid organisationId, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        return db.Jobs.Where(j => j.OrganisationId == organisationId && JobLifecycle.Releasable.Contains(j.State))
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.State, JobState.Queued).SetProperty(j => j.HeldReason, (string?)null)
                .SetProperty(j => j.NotBefore, now), cancellationToken);
    }

    /// <summary>A dead letter retried by an admin: a fresh start with its attempts cleared. Null when it is no longer retryable.</summary>
    public async Task<RecognitionJob?> RetryAsync(PortalDbContext db, Guid jobId, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var retried = await db.Jobs.Where(j => j.Id == jobId && JobLifecycle.Retryable.Contains(j.State))
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.State, JobState.Queued).SetProperty(j => j.Attempts, 0)
                .SetProperty(j => j.NotBefore, now).SetProperty(j => j.CompletedAt, (DateTimeOffset?)null)
                .SetProperty(j => j.FailureReason, (string?)null), cancellationToken);
        return retried == 0 ? null : await db.Jobs.AsNoTracking().FirstAsync(j => j.Id == jobId, cancellationToken);
    }

    /// <summary>
    /// Holds a job its worker still leases (its organisation became blocked or suspended); its attempt is not spent.
    /// The hold and its entry commit together.
    /// </summary>
    public async Task HoldLeasedAsync(Guid jobId, string owner, string reason, string what, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        // Read under the write lock (and the row's lock on PostgreSQL): the lease is still ours when the hold is saved.
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var job = await OwnedLocked(db, jobId, owner).FirstOrDefaultAsync(cancellationToken);
        if (job is null || !JobLifecycle.Hold(job, reason).Succeeded)
            return;
        await auditLog.AppendWithinAsync(db, "system", AuditActions.JobsHeld, $"job:{job.Id}",
            $"{job.Kind.Label()} job {what}: {reason}", job.OrganisationId, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await changes.PublishAsync(new JobsChanged(job.OrganisationId));
    }
}
