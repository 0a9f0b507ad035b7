using Microsoft.EntityFrameworkCore;
using Portal.Domain.Queue;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Queue;

/// <summary>
/// The queue's PostgreSQL row locks. SQLite has one writer, so a conditional UPDATE claims and a write transaction
/// makes a read-then-save safe; PostgreSQL runs many writers at READ COMMITTED, so a claim takes a due row no other
/// worker has locked (FOR UPDATE SKIP LOCKED: workers never queue behind each other, nor behind the global write lock),
/// and a tracked read-then-save locks the rows it read until its commit, so a heartbeat cannot renew a lease between.
/// The state filters stay those of <see cref="JobLifecycle"/>; the SQL only adds the lock.
/// </summary>
public sealed partial class JobQueue
{
    /// <summary>One statement on PostgreSQL: picks the next due job no one has locked, claims it, returns it.</summary>
    private static async Task<RecognitionJob?> ClaimSkippingLockedAsync(PortalDbContext db, string owner, DateTimeOffset now,
        DateTimeOffset leaseEnd, CancellationToken cancellationToken)
    {
        var claimable = JobLifecycle.Claimable.Select(s => s.ToString()).ToArray();
        var running = nameof(JobState.Running);
        var claimed = await db.Jobs.FromSql($"""
            UPDATE "Jobs" SET "State" = {running}, "LeaseOwner" = {owner}, "LeaseExpiresAt" = {leaseEnd},
                "Attempts" = "Attempts" + 1, "Progress" = 0, "StartedAt" = {now}
            WHERE "Id" = (SELECT "Id" FROM "Jobs" WHERE "State" = ANY({claimable}) AND "NotBefore" <= {now}
                ORDER BY "Priority", "CreatedAt" LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING *
            """).AsNoTracking().ToListAsync(cancellationToken);
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
