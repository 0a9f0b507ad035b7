using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Domain.Auditing;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Auditing;

/// <summary>
/// Appends to the hash chain. Within one process a gate serialises writers; across processes the write
/// transaction does (SQLite's write lock, PostgreSQL's advisory write lock: <see cref="WriteTransactions"/>), taken
/// before the head is read. The unique sequence index stays as the last line of defence: it refuses a second row at
/// one position on any database, in which case the loser re-reads the head and tries again.
/// </summary>
public sealed partial class AuditLog(
    IDbContextFactory<PortalDbContext> contextFactory,
    TimeProvider timeProvider,
    AuditKey key,
    AuditChainVerifier verifier,
    AuditActorMapping actors,
    ILogger<AuditLog> logger) : IAuditLog, IDisposable
{
    private const int MaxAttempts = 20;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task RecordAsync(string actor, string action, string target, string details,
        Guid? organisationId = null, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
                // The write lock (BEGIN IMMEDIATE on SQLite, the advisory write lock on PostgreSQL) is taken before
                // the head is read, so another process cannot append between our read and our insert.
                await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
                await AddAfterHeadAsync(db, actor, action, target, details, organisationId, cancellationToken);
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                    return;
                }
                catch (DbUpdateException exception) when (attempt < MaxAttempts)
                {
                    LogSequenceTaken(logger, attempt, exception.InnerException?.Message ?? exception.Message);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Adds an entry to <paramref name="db"/> inside the caller's open transaction, so the entry and the change
    /// it records commit together or not at all. The caller's write transaction holds the write lock
    /// (<see cref="WriteTransactions"/>), so the head read here is still the head at commit; the unique sequence refuses a fork on any database.
    /// </summary>
    public async Task AppendWithinAsync(PortalDbContext db, string actor, string action, string target, string details,
        Guid? organisationId, CancellationToken cancellationToken = default)
    {
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("Append within a transaction: the entry must commit with the change it records.");
        await AddAfterHeadAsync(db, actor, action, target, details, organisationId, cancellationToken);
    }

    /// <summary>
    /// Saves the changes <paramref name="db"/> tracks and the entry that records them in one transaction, and commits
    /// it: both or neither. A caller that checked what it read opened its write transaction before reading
    /// (<see cref="WriteTransactions"/>), so no other process changed it in between; that transaction is the one
    /// committed. Otherwise one is opened here.
    /// </summary>
    public async Task SaveWithEntryAsync(PortalDbContext db, string actor, string action, string target, string details,
        Guid? organisationId, CancellationToken cancellationToken = default)
    {
        await using var opened = db.Database.CurrentTransaction is null ? await db.Database.BeginWriteTransactionAsync(cancellationToken) : null;
        await AppendWithinAsync(db, actor, action, target, details, organisationId, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await db.Database.CurrentTransaction!.CommitAsync(cancellationToken);
    }

    /// <summary>Adds the entry that follows the current head of the chain; the caller's transaction holds the write lock.</summary>
    private async Task AddAfterHeadAsync(PortalDbContext db, string actor, string action, string target, string details,
        Guid? organisationId, CancellationToken cancellationToken)
    {
        // Ids, never e-mails, go into the hash (ADR 0010); the display details are upserted in the same transaction.
        var now = timeProvider.GetUtcNow();
        actor = await actors.ActorAsync(db, actor, now, cancellationToken);
        details = await actors.DetailsAsync(db, details, now, cancellationToken);
        var head = await db.AuditEntries.AsNoTracking()
            .OrderByDescending(e => e.Sequence)
            .Select(e => new { e.Sequence, e.Hash })
            .FirstOrDefaultAsync(cancellationToken)
            // No entry left: every one expired (ADR 0011), so the chain goes on from the latest anchor, not from genesis.
            ?? await db.AuditAnchors.AsNoTracking().OrderByDescending(a => a.Sequence)
                .Select(a => new { a.Sequence, a.Hash }).FirstOrDefaultAsync(cancellationToken);
        db.AuditEntries.Add(CreateEntry(head?.Sequence ?? 0, head?.Hash ?? AuditChain.GenesisHash,
            actor, action, target, details, organisationId));
    }

    public Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default) =>
        verifier.VerifyAsync(cancellationToken);

    private AuditEntry CreateEntry(long headSequence, string headHash, string actor, string action,
        string target, string details, Guid? organisationId)
    {
        var sequence = headSequence + 1;
        var timestamp = timeProvider.GetUtcNow();
        actor = Clip(actor, 256);
        target = Clip(target, 256);
        details = Clip(details, 4000);
        return new AuditEntry
        {
            Sequence = sequence,
            Timestamp = timestamp,
            Actor = actor,
            Action = action,
            Target = target,
            Details = details,
            OrganisationId = organisationId,
            PreviousHash = headHash,
            Hash = AuditChain.ComputeHash(key.Bytes, sequence, timestamp, actor, action, target, details, organisationId, headHash),
        };
    }

    private static string Clip(string value, int max) => value.Length <= max ? value : value[..max];

    public void Dispose() => _gate.Dispose();

    [LoggerMessage(Level = LogLevel.Debug, Message = "Audit sequence taken by another writer (attempt {Attempt}): {Reason}")]
    private static partial void LogSequenceTaken(ILogger logger, int attempt, string reason);
}
