using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Queue;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Queue;

public sealed record QueueStats(
    IReadOnlyDictionary<JobState, int> Counts,
    TimeSpan? OldestWaiting,
    double CompletedPerMinute,
    IReadOnlyList<DeadLetter> DeadLetters,
    IReadOnlyList<ActiveJob> Active);

/// <summary>A job waiting, running or held, with its progress (0–100); SubjectId is what it works on (an evaluation run's id for Evaluate).</summary>
public sealed record ActiveJob(Guid JobId, JobKind Kind, JobState State, string Organisation, int Progress, Guid SubjectId, DateTimeOffset CreatedAt);

public sealed record DeadLetter(Guid JobId, JobKind Kind, string Organisation, int Attempts, string? Error, DateTimeOffset? FailedAt);

/// <summary>The admin's view of the queue, and the retry of dead letters.</summary>
public sealed class QueueAdministration(
    IDbContextFactory<PortalDbContext> contextFactory,
    JobQueue queue,
    AuditLog auditLog,
    TimeProvider timeProvider)
{
    private static readonly TimeSpan ThroughputWindow = TimeSpan.FromMinutes(10);

    /// <summary>Counts and dead letters (whose errors name server paths); anyone but a platform admin sees an empty queue.</summary>
    public async Task<QueueStats> StatsAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        if (AdminGuard.Refusal(actor, "see the queue") is not null)
            return new QueueStats(Enum.GetValues<JobState>().ToDictionary(s => s, _ => 0), null, 0, [], []);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var now = timeProvider.GetUtcNow();
        var counts = await db.Jobs.GroupBy(j => j.State).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var oldest = await db.Jobs.Where(j => j.State == JobState.Queued).OrderBy(j => j.CreatedAt)
            .Select(j => (DateTimeOffset?)j.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        var since = now - ThroughputWindow;
        var completed = await db.Jobs.CountAsync(j => j.State == JobState.Succeeded && j.CompletedAt >= since, cancellationToken);
        var dead = await (from job in db.Jobs
                          where job.State == JobState.DeadLettered
                          join organisation in db.Organisations on job.OrganisationId equals organisation.Id into owners
                          from owner in owners.DefaultIfEmpty()
                          orderby job.CompletedAt descending
                          // An evaluation run belongs to no organisation: the platform's own work.
                          select new DeadLetter(job.Id, job.Kind, owner == null ? "Platform" : owner.Name, job.Attempts, job.LastError, job.CompletedAt))
            .Take(100).ToListAsync(cancellationToken);
        return new QueueStats(Enum.GetValues<JobState>().ToDictionary(s => s, s => counts.GetValueOrDefault(s)),
            oldest is { } created ? now - created : null, completed / ThroughputWindow.TotalMinutes, dead, await ActiveAsync(db, cancellationToken));
    }

    private static readonly JobState[] Waiting = [JobState.Queued, JobState.HeldByMoratorium];

    /// <summary>Running jobs first, then waiting ones in the order workers take them: at most 100, the page's worth.</summary>
    private static async Task<List<ActiveJob>> ActiveAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        var running = await Named(db, db.Jobs.Where(j => j.State == JobState.Running).OrderBy(j => j.StartedAt).Take(100)).ToListAsync(cancellationToken);
        var waiting = await Named(db, db.Jobs.Where(j => Waiting.Contains(j.State)).OrderBy(j => j.Priority).ThenBy(j => j.CreatedAt).Take(100))
            .ToListAsync(cancellationToken);
        return running.Concat(waiting).Take(100).ToList();
    }

    private static IQueryable<ActiveJob> Named(PortalDbContext db, IQueryable<RecognitionJob> jobs) =>
        from job in jobs
        join organisation in db.Organisations on job.OrganisationId equals organisation.Id into owners
        from owner in owners.DefaultIfEmpty()
        // An evaluation run belongs to no organisation: the platform's own work.
        select new ActiveJob(job.Id, job.Kind, job.State, owner == null ? "Platform" : owner.Name, job.Progress, job.SubjectId, job.CreatedAt);

    public async Task<Outcome> RetryAsync(Actor actor, Guid jobId, CancellationToken cancellationToken = default)
    {
        if (AdminGuard.Refusal(actor, "retry failed work") is { } refusal)
            return Outcome.Forbidden(refusal);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        // The retry, the photo's state and the entry commit together.
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        if (await queue.RetryAsync(db, jobId, cancellationToken) is not { } job)
            return Outcome.Conflict("That job is no longer dead-lettered.");
        if (job.Kind == JobKind.IndexGalleryImage)
            await db.GalleryImages.Where(i => i.Id == job.SubjectId).ExecuteUpdateAsync(s => s
                .SetProperty(i => i.Outcome, Domain.Galleries.ImageOutcome.Pending).SetProperty(i => i.OutcomeDetails, (string?)null), cancellationToken);
        await auditLog.AppendWithinAsync(db, actor.Name, AuditActions.JobRetried, $"job:{jobId}", $"{job.Kind.Label()} retried after: {job.LastError}", job.OrganisationId, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        queue.Signal();
        return Outcome.Ok;
    }
}
