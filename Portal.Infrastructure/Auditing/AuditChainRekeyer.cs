using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Domain.Auditing;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Auditing;

/// <summary>What start-up did with a chain written before the audit key existed.</summary>
public enum AuditRekeyOutcome
{
    /// <summary>Empty, or already sealed with the key.</summary>
    NotNeeded,
    /// <summary>Verified under the plain rule, then sealed with the key in one transaction.</summary>
    Rekeyed,
    /// <summary>Left as it was: it did not verify, or a checkpoint file says it had been keyed already.</summary>
    Refused,
}

/// <summary>
/// Seals a chain written under the plain SHA-256 rule with the audit key, once, at start (ADR 0005). Only a chain that
/// verifies under the plain rule is re-sealed, so the key never vouches for history that was already broken; the
/// re-sealing and the entry that records it commit together, and a checkpoint then anchors the new head.
/// </summary>
public sealed partial class AuditChainRekeyer(
    IDbContextFactory<PortalDbContext> contextFactory,
    AuditKey key,
    AuditLog auditLog,
    AuditCheckpoints checkpoints,
    ILogger<AuditChainRekeyer> logger)
{
    private const int BatchSize = 2000;

    public async Task<AuditRekeyOutcome> RekeyLegacyChainAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        // Opened before the first read: on SQLite this takes the write lock, so no process appends while we decide.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var first = await db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).FirstOrDefaultAsync(cancellationToken);
        if (first is null || IsKeyed(first) || await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.AuditRekeyed, cancellationToken))
            return AuditRekeyOutcome.NotNeeded;

        string? refusal = null;
        if ((await checkpoints.ReadAsync(cancellationToken)).Count > 0)
            // Checkpoints are only written for keyed chains: a plain chain beside them was rewritten by someone without the key.
            refusal = $"the checkpoint file {checkpoints.FilePath} shows this chain was keyed before; a chain under the plain rule now means it was rewritten";
        var legacy = refusal is null ? await ResealAsync(db, cancellationToken) : null;
        if (legacy is { Fault: { } fault })
            refusal = $"the chain does not verify under the plain rule at sequence {fault.Sequence}: {fault.Reason}. If the audit key file was replaced, restore the old key";
        if (refusal is not null)
        {
            // Rows re-sealed before the fault was found are put back: the whole walk ran in this transaction.
            await transaction.RollbackAsync(cancellationToken);
            await RecordRefusalOnceAsync(refusal, cancellationToken);
            LogRefused(logger, refusal);
            return AuditRekeyOutcome.Refused;
        }

        var sealedChain = legacy!;
        await auditLog.AppendWithinAsync(db, "system", AuditActions.AuditRekeyed, "audit",
            $"{sealedChain.Count} entries (sequences 1–{sealedChain.Count}) verified under the plain SHA-256 rule, then sealed with the audit key; " +
            $"plain head hash {sealedChain.PlainHeadHash}, keyed head hash {sealedChain.KeyedHeadHash}", null, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        var head = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence).FirstAsync(cancellationToken);
        await checkpoints.AppendAsync(head.Sequence, head.Hash, cancellationToken);
        LogRekeyed(logger, sealedChain.Count);
        return AuditRekeyOutcome.Rekeyed;
    }

    private bool IsKeyed(AuditEntry first) => string.Equals(first.Hash, AuditChain.ComputeHash(key.Bytes, first), StringComparison.Ordinal);

    /// <summary>
    /// Walks the chain under the plain rule and, as long as it holds, rewrites each row's hashes under the key.
    /// A fault stops the walk and the caller rolls the transaction back.
    /// </summary>
    private async Task<LegacyChain> ResealAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        AuditEntry? previous = null;
        var keyedPrevious = AuditChain.GenesisHash;
        while (true)
        {
            var after = previous?.Sequence ?? 0;
            var batch = await db.AuditEntries.AsNoTracking().Where(e => e.Sequence > after).OrderBy(e => e.Sequence)
                .Take(BatchSize).ToListAsync(cancellationToken);
            if (batch.Count == 0)
                break;
            foreach (var entry in batch)
            {
                if (AuditChain.FindFault(null, entry, previous) is { } reason)
                    return new LegacyChain(previous?.Sequence ?? 0, "", "", (entry.Sequence, reason));
                var keyedHash = AuditChain.ComputeHash(key.Bytes, entry.Sequence, entry.Timestamp, entry.Actor, entry.Action,
                    entry.Target, entry.Details, entry.OrganisationId, keyedPrevious);
                var id = entry.Id;
                var newPrevious = keyedPrevious;
                await db.AuditEntries.Where(e => e.Id == id).ExecuteUpdateAsync(set => set
                    .SetProperty(e => e.PreviousHash, newPrevious)
                    .SetProperty(e => e.Hash, keyedHash), cancellationToken);
                previous = entry;
                keyedPrevious = keyedHash;
            }
        }
        return new LegacyChain(previous!.Sequence, previous.Hash, keyedPrevious, null);
    }

    /// <summary>A refusal is recorded in the chain once, not at every start.</summary>
    private async Task RecordRefusalOnceAsync(string refusal, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.AuditRekeyRefused, cancellationToken))
            return;
        await auditLog.AppendWithinAsync(db, "system", AuditActions.AuditRekeyRefused, "audit", refusal, null, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private sealed record LegacyChain(long Count, string PlainHeadHash, string KeyedHeadHash, (long Sequence, string Reason)? Fault);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit chain of {Count} entries written under the plain rule was verified and sealed with the audit key")]
    private static partial void LogRekeyed(ILogger logger, long count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit chain not re-keyed: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);
}
