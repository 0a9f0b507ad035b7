using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Lifecycle;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Lifecycle;

/// <summary>
/// The erasure's audit entries, each committed with the change of the record it describes, and their sequence numbers kept
/// on the record (for the certificate). Ids and counts only: never a name, a file name or photo content.
/// </summary>
public sealed class ErasureAudit(IDbContextFactory<PortalDbContext> contextFactory, AuditLog auditLog)
{
    public const string Actor = "system";

    internal async Task StartedWithinAsync(PortalDbContext db, ErasureRecord record, CancellationToken cancellationToken)
    {
        var details = $"{record.Scope} {record.ScopeId} ({record.Cause}): {record.Photos} photo(s), {record.Faces} face(s), " +
            $"{record.Crops} crop(s), {record.Probes} probe(s) erased; {record.Candidates} candidate(s) kept; face change {record.ChangePosition}";
        await AppendAsync(db, record, AuditActions.ErasureStarted, details, cancellationToken);
    }

    /// <summary>Marks the record complete (every live replica has applied it) with its "completed" entry; idempotent.</summary>
    internal async Task<ErasureRecord> CompleteAsync(Guid recordId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var record = await db.ErasureRecords.FirstAsync(r => r.Id == recordId, cancellationToken);
        if (record.CompletedAt is not null)
            return record;
        record.ReplicasReachedAt = now;
        record.CompletedAt = now;
        await AppendAsync(db, record, AuditActions.ErasureCompleted, $"every search index applied face change {record.ChangePosition}", cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return record;
    }

    /// <summary>The last attempt failed: recorded, so the failure is visible beside the dead letter.</summary>
    public Task FailedAsync(Guid recordId, Guid organisationId, int attempts, CancellationToken cancellationToken) =>
        auditLog.RecordAsync(Actor, AuditActions.ErasureFailed, $"erasure:{recordId}", $"gave up after {attempts} attempt(s); retry it on the queue page",
            organisationId, cancellationToken);

    private async Task AppendAsync(PortalDbContext db, ErasureRecord record, string action, string details, CancellationToken cancellationToken)
    {
        await auditLog.AppendWithinAsync(db, Actor, action, $"erasure:{record.Id}", details, record.OrganisationId, cancellationToken);
        // The entry's sequence is fixed when it is added (the transaction holds the write lock), so the record can name it now.
        var sequence = db.ChangeTracker.Entries<AuditEntry>().Where(e => e.State == EntityState.Added && e.Entity.Action == action)
            .Max(e => e.Entity.Sequence);
        record.AuditSequences = ErasedIds.AppendSequences(record.AuditSequences, [sequence]);
    }
}
