using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Auditing;

/// <summary>
/// Walks the chain under the key and compares it with the signed checkpoints: an altered entry fails its keyed hash,
/// a rewritten tail no longer carries the hash a checkpoint recorded, and a chain shorter than the last checkpoint has
/// lost entries. A chain whose oldest entries expired under the retention schedule is walked from the latest signed
/// expiry anchor instead of from genesis (ADR 0011). An intact chain earns a new checkpoint.
/// </summary>
public sealed class AuditChainVerifier(IDbContextFactory<PortalDbContext> contextFactory, AuditKey key, AuditCheckpoints checkpoints)
{
    private const int BatchSize = 2000;
    private const int Attempts = 3;

    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (result, anchorAtStart) = await VerifyOnceAsync(cancellationToken);
            // An expiry that committed while we walked cut entries we had not reached yet: that is no break, so walk
            // again from its new anchor. A break found without any expiry meanwhile is reported as it is.
            if (result.IsIntact || attempt == Attempts || await LatestAnchorAsync(cancellationToken) == anchorAtStart)
                return result;
        }
    }

    private async Task<(AuditVerification Result, long? AnchorAtStart)> VerifyOnceAsync(CancellationToken cancellationToken)
    {
        var lines = await checkpoints.ReadAsync(cancellationToken);
        var unsigned = lines.ToList().IndexOf(null);
        if (unsigned >= 0)
            return (AuditVerification.Broken(0, 0, $"checkpoint line {unsigned + 1} of the checkpoint file {checkpoints.FilePath} is not signed by the audit key"), null);
        var signed = lines.OfType<AuditCheckpoint>().ToList();
        var expected = signed.GroupBy(c => c.Sequence).ToDictionary(g => g.Key, g => g.Last());
        var last = signed.MaxBy(c => c.Sequence);

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var start = await AuditChainStart.ReadAsync(db, key.Bytes, cancellationToken);
        if (start.Fault is { } startFault)
            return (AuditVerification.Broken(0, startFault.Sequence, startFault.Reason), start.Anchor?.Sequence);
        var (previousSequence, previousHash) = (start.Sequence, start.Hash);
        long checkedRows = 0;
        var witnesses = new CheckpointWitnesses();
        while (true)
        {
            var after = previousSequence;
            var batch = await db.AuditEntries.AsNoTracking().Where(e => e.Sequence > after).OrderBy(e => e.Sequence)
                .Take(BatchSize).ToListAsync(cancellationToken);
            if (batch.Count == 0)
                break;
            foreach (var entry in batch)
            {
                checkedRows++;
                if (AuditChain.FindFault(key.Bytes, entry, previousSequence, previousHash) is { } fault)
                    return (AuditVerification.Broken(checkedRows, entry.Sequence, checkedRows == 1 ? start.Explain(fault) : fault), start.Anchor?.Sequence);
                if (expected.TryGetValue(entry.Sequence, out var checkpoint) && !string.Equals(checkpoint.HeadHash, entry.Hash, StringComparison.Ordinal))
                    return (AuditVerification.Broken(checkedRows, entry.Sequence,
                        $"rewritten tail: the checkpoint of {checkpoint.At:u} recorded a different hash for sequence {entry.Sequence}"), start.Anchor?.Sequence);
                witnesses.See(entry);
                (previousSequence, previousHash) = (entry.Sequence, entry.Hash);
            }
        }
        return (await ConcludeAsync(checkedRows, start, previousSequence, previousHash, last, witnesses, cancellationToken), start.Anchor?.Sequence);
    }

    private async Task<AuditVerification> ConcludeAsync(long checkedRows, AuditChainStart start, long end, string endHash,
        AuditCheckpoint? last, CheckpointWitnesses witnesses, CancellationToken cancellationToken)
    {
        if (start.Anchor is { } anchor && checkedRows == 0)
            return AuditVerification.Broken(0, anchor.Sequence + 1,
                $"missing entries: no entry follows the expiry anchor at sequence {anchor.Sequence}, not even the one recording the expiry");
        if (last is not null && last.Sequence > end)
            return AuditVerification.Broken(checkedRows, end + 1,
                $"missing entries: the chain ends at sequence {end}, but the checkpoint of {last.At:u} saw it reach {last.Sequence}");
        // A signed anchor line in the checkpoint file is a statement about the chain as good as a checkpoint: checkpoints at
        // or below it are satisfied. The database's anchor is not enough: deleting the checkpoint file would then go unseen.
        var reached = Math.Max(last?.Sequence ?? 0, await checkpoints.LatestAnchorLineAsync(cancellationToken));
        if (witnesses.RequiredCheckpoint > reached)
            return AuditVerification.Broken(checkedRows, witnesses.RequiredBy,
                $"checkpoints missing: entry {witnesses.RequiredBy} shows a checkpoint was written at sequence {witnesses.RequiredCheckpoint} or later, " +
                $"but the checkpoint file {checkpoints.FilePath} {(last is null ? "has none" : $"ends at sequence {last.Sequence}")}");
        if (checkedRows > 0)
            await checkpoints.AppendAsync(end, endHash, cancellationToken);
        return AuditVerification.Intact(checkedRows);
    }

    private async Task<long?> LatestAnchorAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.AuditAnchors.MaxAsync(a => (long?)a.Sequence, cancellationToken);
    }

    /// <summary>
    /// Entries that prove a checkpoint was written, so that deleting or emptying the checkpoint file is itself detected.
    /// A re-keying writes one at its own entry. An intact verification writes one at the head it saw, which is at least
    /// the previous such entry (committed before it began) and, for the first, at least sequence 1.
    /// </summary>
    private sealed class CheckpointWitnesses
    {
        private long _previousWitness;

        public long RequiredCheckpoint { get; private set; }

        public long RequiredBy { get; private set; }

        public void See(AuditEntry entry)
        {
            var required = entry.Action switch
            {
                AuditActions.AuditRekeyed => entry.Sequence,
                AuditActions.AuditVerified when entry.Details.StartsWith(IntactDetails, StringComparison.Ordinal) => Math.Max(_previousWitness, 1),
                _ => 0,
            };
            if (required == 0)
                return;
            if (required > RequiredCheckpoint)
                (RequiredCheckpoint, RequiredBy) = (required, entry.Sequence);
            _previousWitness = entry.Sequence;
        }
    }

    /// <summary>How an intact verification begins its audit entry's details.</summary>
    public const string IntactDetails = "chain intact:";
}
