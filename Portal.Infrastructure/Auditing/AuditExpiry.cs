using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Domain.Auditing;
using Portal.Domain.Retention;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Auditing;

/// <summary>What one run of the audit expiry did: entries <see cref="FirstSequence"/>–<see cref="LastSequence"/> deleted, or why none were.</summary>
public sealed record AuditExpiryResult(int Count, long FirstSequence, long LastSequence, string? Refusal = null)
{
    public static AuditExpiryResult Nothing { get; } = new(0, 0, 0);
}

/// <summary>
/// Deletes the audit entries the published schedule no longer keeps (<see cref="DataKind.AuditEntries"/>, counted from when
/// each was written): only a prefix of the chain, oldest first, stopping at the first entry not yet due, in batches of one
/// write transaction each (ADR 0008). Each batch first verifies what it is about to delete, then stores a signed anchor of
/// the last entry's sequence and hash, in the database and in the checkpoint file, so the chain stays verifiable (ADR 0011).
/// </summary>
public sealed partial class AuditExpiry(
    IDbContextFactory<PortalDbContext> contextFactory,
    AuditKey key,
    AuditLog auditLog,
    AuditCheckpoints checkpoints,
    TimeProvider timeProvider,
    ILogger<AuditExpiry> logger)
{
    public const int DefaultBatchSize = 2000;

    public Task<AuditExpiryResult> RunAsync(CancellationToken cancellationToken = default) => RunAsync(DefaultBatchSize, cancellationToken);

    public async Task<AuditExpiryResult> RunAsync(int batchSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var lines = await checkpoints.ReadAsync(cancellationToken);
        if (lines.Contains(null))
            return await RefuseAsync($"the checkpoint file {checkpoints.FilePath} holds a line not signed by the audit key", cancellationToken);
        var checkpointed = lines.OfType<AuditCheckpoint>().GroupBy(c => c.Sequence).ToDictionary(g => g.Key, g => g.Last().HeadHash);
        var run = AuditExpiryResult.Nothing;
        while (true)
        {
            var batch = await ExpireBatchAsync(batchSize, run, checkpointed, cancellationToken);
            if (batch.Refusal is { } refusal)
                return run.Count == 0 ? await RefuseAsync(refusal, cancellationToken)
                    : (await RefuseAsync($"{refusal} (this run had expired sequences {run.FirstSequence}–{run.LastSequence} before it)", cancellationToken))
                        with { Count = run.Count, FirstSequence = run.FirstSequence, LastSequence = run.LastSequence };
            if (batch.Result.Count == 0)
                return run;
            run = batch.Result;
            if (batch.WasLast)
            {
                LogExpired(logger, run.Count, run.FirstSequence, run.LastSequence);
                return run;
            }
        }
    }

    private sealed record Batch(AuditExpiryResult Result, bool WasLast, string? Refusal = null);

    /// <summary>One batch in one write transaction; <paramref name="run"/> is what the earlier batches of this run deleted.</summary>
    private async Task<Batch> ExpireBatchAsync(int batchSize, AuditExpiryResult run, IReadOnlyDictionary<long, string> checkpointed,
        CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var days = await db.RetentionRules.Where(r => r.Kind == DataKind.AuditEntries).Select(r => (int?)r.MaxDays).FirstOrDefaultAsync(cancellationToken);
        if (days is not { } keepDays)
            return new Batch(run, true); // not in the schedule: nothing is due
        // The editor refuses such a period; a row written straight into the database is refused here too.
        if (keepDays < RetentionPolicy.AuditMinDays)
            return new Batch(run, true, $"the schedule's period for audit entries ({keepDays} days) is below the minimum of " +
                $"{RetentionPolicy.AuditMinDays} days: nothing expires until it is corrected");
        var now = timeProvider.GetUtcNow();
        var start = await AuditChainStart.ReadAsync(db, key.Bytes, cancellationToken);
        if (start.Fault is { } startFault)
            return new Batch(run, true, $"the chain does not verify at sequence {startFault.Sequence}: {startFault.Reason}");
        var entries = await db.AuditEntries.AsNoTracking().Where(e => e.Sequence > start.Sequence).OrderBy(e => e.Sequence)
            .Take(batchSize + 1).ToListAsync(cancellationToken);
        bool IsDue(AuditEntry entry) => RetentionPolicy.DueAt(entry.Timestamp, keepDays) <= now;
        // A prefix only: the first entry not yet due ends it, whatever comes after (clocks of several processes may differ).
        var due = entries.TakeWhile(IsDue).Take(batchSize).ToList();
        if (due.Count == 0)
            return new Batch(run, true);
        // The key must never vouch for history that was already broken: what goes, and the link to what stays, must verify.
        if (Fault(start, entries.Take(due.Count + 1), checkpointed) is { } fault)
            return new Batch(run, true, $"the chain does not verify at sequence {fault.Sequence}: {fault.Reason}");

        var last = due[^1];
        var wasLast = due.Count == entries.Count || !IsDue(entries[due.Count]);
        var result = new AuditExpiryResult(run.Count + due.Count, run.Count == 0 ? due[0].Sequence : run.FirstSequence, last.Sequence);
        var anchor = AuditAnchor.Create(key.Bytes, last.Sequence, last.Hash, due.Count, keepDays, now);
        db.AuditAnchors.Add(anchor);
        if (wasLast)
            // Appended while the entries are still there (it follows the head), and after the last one due: it never expires itself.
            await auditLog.AppendWithinAsync(db, "system", AuditActions.AuditExpired, "audit",
                $"sequences {result.FirstSequence}–{result.LastSequence} expired: {result.Count} entries written on or before " +
                $"{now.AddDays(-keepDays).UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC, past the retention period of {keepDays} days; " +
                $"the chain is verified from the signed anchor at sequence {result.LastSequence}", null, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        var (from, to) = (due[0].Sequence, last.Sequence);
        await db.AuditEntries.Where(e => e.Sequence >= from && e.Sequence <= to).ExecuteDeleteAsync(cancellationToken);
        // Written before the commit: if the copy outside the database cannot be written, nothing is deleted.
        await checkpoints.WriteAnchorAsync(anchor, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await checkpoints.MailAnchorAsync(anchor, cancellationToken);
        return new Batch(result, wasLast);
    }

    private (long Sequence, string Reason)? Fault(AuditChainStart start, IEnumerable<AuditEntry> entries, IReadOnlyDictionary<long, string> checkpointed)
    {
        var (sequence, hash, first) = (start.Sequence, start.Hash, true);
        foreach (var entry in entries)
        {
            if (AuditChain.FindFault(key.Bytes, entry, sequence, hash) is { } fault)
                return (entry.Sequence, first ? start.Explain(fault) : fault);
            if (checkpointed.TryGetValue(entry.Sequence, out var recorded) && !string.Equals(recorded, entry.Hash, StringComparison.Ordinal))
                return (entry.Sequence, "a checkpoint recorded a different hash for it (rewritten)");
            (sequence, hash, first) = (entry.Sequence, entry.Hash, false);
        }
        return null;
    }

    /// <summary>Nothing more is deleted; the refusal is logged and recorded, and the scheduled check reports the break itself.</summary>
    private async Task<AuditExpiryResult> RefuseAsync(string reason, CancellationToken cancellationToken)
    {
        LogRefused(logger, reason);
        await auditLog.RecordAsync("system", AuditActions.AuditExpiryRefused, "audit", $"no entry expired: {reason}", cancellationToken: cancellationToken);
        return AuditExpiryResult.Nothing with { Refusal = reason };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit entries {First}–{Last} ({Count}) expired under the retention schedule")]
    private static partial void LogExpired(ILogger logger, int count, long first, long last);

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit entries not expired: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);
}
