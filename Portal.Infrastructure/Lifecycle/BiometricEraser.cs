using Microsoft.EntityFrameworkCore;
using Portal.Domain.Lifecycle;
using Portal.Domain.Queue;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Crops;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Queue;
using Portal.Infrastructure.Uploads;

namespace Portal.Infrastructure.Lifecycle;

/// <summary>
/// The one way biometric data is destroyed, for one <see cref="ErasureRecord"/>. Idempotent and resumable: each run does
/// what is left. Files and crops go first (a failing disk changes no row, and the retry finds the same files), then the
/// rows in one write transaction with the record and its "started" entry, then every index replica must apply the
/// removal; until it has, the run throws and the Erase job retries (dead-lettered, on /admin/queue, after its last attempt).
/// </summary>
public sealed class BiometricEraser(
    IDbContextFactory<PortalDbContext> contextFactory,
    ErasureRows rows,
    ErasureAudit audit,
    FaceStore faces,
    FaceReplicaReports replicas,
    JobQueue queue,
    FileStore files,
    CropFiles crops,
    AuditKey key,
    IDeletionLog deletionLog,
    ErasureHoldCheck holds,
    TimeProvider timeProvider)
{
    /// <summary>Adds the record and its Erase job to the caller's transaction: a decided deletion is never lost.</summary>
    public ErasureRecord Stage(PortalDbContext db, ErasureRecord record)
    {
        db.ErasureRecords.Add(record);
        queue.Stage(db, JobKind.Erase, record.Id, record.OrganisationId, record.RequestedBy);
        return record;
    }

    /// <summary>
    /// Carries out (or finishes) the erasure; returns the completed record, or throws while any part is left. An erasure
    /// that a legal hold withdrew before it began returns incomplete, and a retry of its job finds nothing to do.
    /// </summary>
    public async Task<ErasureRecord> RunAsync(Guid recordId, CancellationToken cancellationToken = default)
    {
        if (await FindAsync(recordId, cancellationToken) is not { } record)
            return Withdrawn(recordId);
        if (record.CompletedAt is not null)
            return record;
        if (record.ChangePosition is null && await holds.WithdrawIfHeldAsync(recordId, cancellationToken))
            return Withdrawn(recordId);
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            var target = await ErasureTargets.ReadAsync(db, record, cancellationToken);
            // Logged before anything goes, outside the data directory: a backup taken earlier never brings it back on
            // restore. A retry logs what is left again; replaying a deletion twice is harmless.
            if (record.ChangePosition is null)
                await deletionLog.AppendAsync(ErasureLogEntry.Of(record, target), cancellationToken);
            DeleteFiles(target);
        }
        if (record.ChangePosition is null)
        {
            var removed = await RemoveRowsAsync(recordId, cancellationToken);
            // Again after the commit: a crop cut for a face between the first pass and the commit.
            DeleteFiles(removed);
            await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
                await db.Database.ForgetOldPagesAsync(cancellationToken); // the embeddings' old pages in SQLite's log
            await faces.PublishAsync(cancellationToken);
            record = await ReadAsync(recordId, cancellationToken);
        }
        var reach = await replicas.ReachAsync(record.ChangePosition ?? 0, cancellationToken);
        if (!reach.Everywhere)
            throw new ErasureNotReachedException(reach.Behind.Count);
        return await audit.CompleteAsync(recordId, timeProvider.GetUtcNow(), cancellationToken);
    }

    private async Task<ErasureRecord> ReadAsync(Guid recordId, CancellationToken cancellationToken) =>
        await FindAsync(recordId, cancellationToken) ?? throw new InvalidOperationException($"Erasure record {recordId} does not exist.");

    private async Task<ErasureRecord?> FindAsync(Guid recordId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.ErasureRecords.AsNoTracking().FirstOrDefaultAsync(r => r.Id == recordId, cancellationToken);
    }

    private static ErasureRecord Withdrawn(Guid recordId) => new() { Id = recordId, RequestedBy = "withdrawn (legal hold)" };

    /// <summary>The rows, the counts, the hashed ids and the "started" entry: one transaction.</summary>
    private async Task<ErasureTarget> RemoveRowsAsync(Guid recordId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var record = await db.ErasureRecords.FirstAsync(r => r.Id == recordId, cancellationToken);
        var target = await ErasureTargets.ReadAsync(db, record, cancellationToken);
        if (record.ChangePosition is not null)
            return target; // another run got here first
        record.ChangePosition = await rows.RemoveAsync(db, record, target, timeProvider.GetUtcNow(), cancellationToken);
        var isCase = record.Scope == ErasureScope.Case;
        record.Photos = target.Photos;
        record.Faces = isCase ? 0 : target.CropFaceIds.Count;
        record.Crops = target.CropFaceIds.Count;
        record.Probes = target.Probes;
        record.Candidates = target.Candidates;
        record.HashedIds = ErasedIds.Json(key.Bytes, target.HashedIds);
        await audit.StartedWithinAsync(db, record, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return target;
    }

    /// <summary>Deletes the stored photos and crops; throws when any is still there (a failing disk), so the job retries.</summary>
    private void DeleteFiles(ErasureTarget target)
    {
        crops.Delete(target.CropFaceIds);
        foreach (var name in target.StoredNames)
        {
            files.Delete(name);
            if (Path.Exists(files.PathOf(name)))
                throw new IOException("A stored photo could not be deleted; the erasure is retried.");
        }
    }
}

/// <summary>The removal is committed but a live index replica has not applied it yet: the job retries.</summary>
public sealed class ErasureNotReachedException(int behind)
    : Exception($"Still being removed from {behind} search process(es); the erasure completes once every one has applied it.");
