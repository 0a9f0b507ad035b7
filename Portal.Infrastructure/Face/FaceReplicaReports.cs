using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Domain.Faces;
using Portal.Infrastructure.Options;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Face;

/// <summary>One replica as others see it: how far it applied the log, how far behind its end, when it last reported.</summary>
public sealed record ReplicaView(Guid Id, string MachineName, int ProcessId, long AppliedPosition, long Lag, DateTimeOffset HeartbeatAt, bool Live);

/// <summary>Which live replicas have applied a change, and which have not yet.</summary>
public sealed record ChangeReach(long Position, IReadOnlyList<ReplicaView> Applied, IReadOnlyList<ReplicaView> Behind)
{
    public bool Everywhere => Behind.Count == 0;
}

/// <summary>
/// The replicas' reports: written by each replica, read to decide whether a deletion has reached every search
/// index. Live means a heartbeat within <see cref="FaceIndexOptions.LiveWindow"/>; a dead process does not hold a deletion back.
/// </summary>
public sealed class FaceReplicaReports(
    IDbContextFactory<PortalDbContext> contextFactory, FaceIndexReplica local, IOptions<FaceIndexOptions> options, TimeProvider timeProvider)
{
    public async Task ReportAsync(FaceIndexReplica replica, DateTimeOffset now, bool pruneOld, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        // Pruning goes first, so whoever sees this replica's fresh report also sees the forgotten ones gone.
        if (pruneOld)
        {
            var forgotten = now - options.Value.ForgetAfter;
            await db.Set<FaceIndexReplicaReport>().Where(r => r.HeartbeatAt < forgotten).ExecuteDeleteAsync(cancellationToken);
        }
        var position = replica.AppliedPosition;
        var updated = await db.Set<FaceIndexReplicaReport>().Where(r => r.Id == replica.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.AppliedPosition, position).SetProperty(r => r.HeartbeatAt, now), cancellationToken);
        if (updated == 0)
        {
            db.Set<FaceIndexReplicaReport>().Add(new FaceIndexReplicaReport
            {
                Id = replica.Id, MachineName = Environment.MachineName, ProcessId = Environment.ProcessId,
                AppliedPosition = position, StartedAt = now, HeartbeatAt = now,
            });
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Deletes a replica's report when its process stops cleanly: from then on no deletion waits for it. A killed
    /// process cannot; its report stops counting after LiveWindow and is deleted after ForgetAfter.
    /// </summary>
    public async Task WithdrawAsync(FaceIndexReplica replica, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await db.Set<FaceIndexReplicaReport>().Where(r => r.Id == replica.Id).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Every reported replica, live ones first, with its lag behind the log's end.</summary>
    public async Task<IReadOnlyList<ReplicaView>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var end = await FaceChangeLog.CommittedPositionAsync(db, cancellationToken);
        var liveSince = timeProvider.GetUtcNow() - options.Value.LiveWindow;
        var rows = await db.Set<FaceIndexReplicaReport>().AsNoTracking().ToListAsync(cancellationToken);
        // This process's own replica is read from memory: its report may lag what it has applied by one poll.
        return rows.Select(r => (Row: r, Applied: r.Id == local.Id ? Math.Max(r.AppliedPosition, local.AppliedPosition) : r.AppliedPosition))
            .Select(x => new ReplicaView(x.Row.Id, x.Row.MachineName, x.Row.ProcessId, x.Applied, Math.Max(0, end - x.Applied),
                x.Row.HeartbeatAt, x.Row.HeartbeatAt >= liveSince))
            .OrderByDescending(r => r.Live).ThenBy(r => r.MachineName).ThenBy(r => r.ProcessId).ToList();
    }

    /// <summary>For a change (a removal), the live replicas that have applied it and those still behind it.</summary>
    public async Task<ChangeReach> ReachAsync(long position, CancellationToken cancellationToken = default)
    {
        var live = (await ListAsync(cancellationToken)).Where(r => r.Live).ToList();
        return new ChangeReach(position, live.Where(r => r.AppliedPosition >= position).ToList(), live.Where(r => r.AppliedPosition < position).ToList());
    }
}
