using Microsoft.EntityFrameworkCore;
using Portal.Domain.Faces;
using Portal.Domain.Queue;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Queue;

/// <summary>
/// The queue's PostgreSQL row locks. SQLite has one writer, so a conditional UPDATE claims and a write transaction
/// makes a read-then-save safe; PostgreSQL runs many writers at READ COMMITTED, so a claim takes a due row no other
/// worker has locked (FOR UPDATE SKIP LOCKED: workers never queue behind each other, nor behind the global write lock),
/// and a tracked read-then-save locks the rows it read until its commit, so a heartbeat cannot renew a lease between.
/// The state filters stay those of <see cref="JobLifecycle"/>; the SQL only adds the lock. Both claims apply the same
/// two kind rules: one evaluation at a time, and no re-index this build cannot compute.
/// </summary>
public sealed partial class JobQueue
{
    /// <summary>Any 64-bit number no other user of the database takes: "EVALCLM1" in ASCII.</summary>
    private const long EvaluationClaimKey = 0x4556_414C_434C_4D31;

    /// <summary>
    /// Jobs that may be claimed with respect to evaluations: one evaluation runs at a time across the whole queue. It
    /// holds a worker for many minutes, and two at once would hold both workers of a small machine while searches wait;
    /// a second evaluation stays queued (not refused) until the first ends.
    /// </summary>
    private static IQueryable<RecognitionJob> OneEvaluationAtATime(PortalDbContext db, IQueryable<RecognitionJob> jobs) =>
        jobs.Where(j => j.Kind != JobKind.Evaluate || !db.Jobs.Any(o => o.Kind == JobKind.Evaluate && o.State == JobState.Running));

    /// <summary>
    /// Jobs this build can run: a re-index towards a pipeline version newer than <see cref="FacePipelineVersion.Current"/>
    /// (queued by a newer build) is left for a worker that can compute it: never claimed here, so never a failed
    /// attempt nor a dead letter. The target is the run's (<see cref="FacePipelineState.ReindexRunId"/> is the job's
    /// subject, and a retarget is a new run), so it cannot change under a claimed job.
    /// </summary>
    private static IQueryable<RecognitionJob> ComputableHere(PortalDbContext db, IQueryable<RecognitionJob> jobs) =>
        jobs.Where(j => j.Kind != JobKind.Reindex
            || !db.FacePipelineStates.Any(s => s.ReindexRunId == j.SubjectId && s.TargetVersion > FacePipelineVersion.Current));

    /// <summary>
    /// On PostgreSQL: picks the next due job no one has locked, claims it, returns it. Two workers claiming at once
    /// would each see no evaluation running (READ COMMITTED), so an evaluation is eligible only to the worker holding
    /// the evaluation-claim lock, taken without waiting: a worker that does not get it claims other kinds, and never
    /// queues behind anyone. The lock is held to the commit, so the next holder's statement sees the running one.
    /// </summary>
    private static async Task<RecognitionJob?> ClaimSkippingLockedAsync(PortalDbContext db, string owner, DateTimeOffset now,
        DateTimeOffset leaseEnd, CancellationToken cancellationToken)
    {
        var claimable = JobLifecycle.Claimable.Select(s => s.ToString()).ToArray();
        var running = nameof(JobState.Running);
        var evaluate = nameof(JobKind.Evaluate);
        var reindex = nameof(JobKind.Reindex);
        var newest = FacePipelineVersion.Current;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var mayEvaluate = await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({EvaluationClaimKey}) AS \"Value\"")
            .SingleAsync(cancellationToken);
        var claimed = await db.Jobs.FromSql($"""
            UPDATE "Jobs" SET "State" = {running}, "LeaseOwner" = {owner}, "LeaseExpiresAt" = {leaseEnd},
                "Attempts" = "Attempts" + 1, "Progress" = 0, "StartedAt" = {now}
            WHERE "Id" = (SELECT "Id" FROM "Jobs" WHERE "State" = ANY({claimable}) AND "NotBefore" <= {now}
                AND ("Kind" <> {evaluate} OR ({mayEvaluate}
                    AND NOT EXISTS (SELECT 1 FROM "Jobs" AS "Other" WHERE "Other"."Kind" = {evaluate} AND "Other"."State" = {running})))
                AND ("Kind" <> {reindex} OR NOT EXISTS (SELECT 1 FROM "FacePipelineState" AS "Pipeline"
                    WHERE "Pipeline"."ReindexRunId" = "Jobs"."SubjectId" AND "Pipeline"."TargetVersion" > {newest}))
                ORDER BY "Priority", "CreatedAt" LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING *
            """).AsNoTracking().ToListAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return claimed.SingleOrDefault();
    }

    /// <summary>Running jobs whose lease has expired, tracked, their rows locked on PostgreSQL until the caller commits.</summary>
    private static IQueryable<RecognitionJob> ExpiredLocked(PortalDbContext db, DateTimeOffset now) =>
        (db.Database.IsNpgsql()
            ? db.Jobs.FromSql($"""SELECT * FROM "Jobs" WHERE "State" = {nameof(JobState.Running)} AND "LeaseExpiresAt" < {now} FOR UPDATE""")
            : db.Jobs).Where(JobLifecycle.LeaseExpired(now));

    /// <summary>The job while <paramref name="owner"/> still leases it, tracked, its row locked on PostgreSQL until the caller commits.</summary>
    private static IQueryable<RecognitionJob> OwnedLocked(PortalDbContext db, Guid jobId, string owner) =>
        (db.Database.IsNpgsql()
            ? db.Jobs.FromSql($"""SELECT * FROM "Jobs" WHERE "Id" = {jobId} FOR UPDATE""")
            : db.Jobs).Where(j => j.Id == jobId).Where(JobLifecycle.LeasedTo(owner));
}
