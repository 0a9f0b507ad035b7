using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Auditing;

/// <summary>
/// Walks the chain under the key and compares it with the signed checkpoints: an altered entry fails its keyed hash,
/// a rewritten tail no longer carries the hash a checkpoint recorded, and a chain shorter than the last checkpoint has
/// lost entries. An intact chain earns a new checkpoint.
/// </summary>
public sealed class AuditChainVerifier(IDbContextFactory<PortalDbContext> contextFactory, AuditKey key, AuditCheckpoints checkpoints)
{
    private const int BatchSize = 2000;

    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        var lines = await checkpoints.ReadAsync(cancellationToken);
        var unsigned = lines.ToList().IndexOf(null);
        if (unsigned >= 0)
            return AuditVerification.Broken(0, 0, $"line {unsigned + 1} of the checkpoint file {checkpoints.FilePath} is not signed by the audit key");
        var signed = lines.OfType<AuditCheckpoint>().ToList();
        var expected = signed.GroupBy(c => c.Sequence).ToDictionary(g => g.Key, g => g.Last());
        var last = signed.MaxBy(c => c.Sequence);

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        AuditEntry? previous = null;
        long checkedRows = 0;
        var witnesses = new CheckpointWitnesses();
        while (true)
        {
            var after = previous?.Sequence ?? 0;
            var batch = await db.AuditEntries.AsNoTracking().Where(e => e.Sequence > after).OrderBy(e => e.Sequence)
                .Take(BatchSize).ToListAsync(cancellationToken);
            if (batch.Count == 0)
                break;
            foreach (var entry in batch)
            {
                checkedRows++;
                if (AuditChain.FindFault(key.Bytes, entry, previous) is { } fault)
                    return AuditVerification.Broken(checkedRows, entry.Sequence, fault);
                if (expected.TryGetValue(entry.Sequence, out var checkpoint) && !string.Equals(checkpoint.HeadHash, entry.Hash, StringComparison.Ordinal))
                    return AuditVerification.Broken(checkedRows, entry.Sequence,
                        $"rewritten tail: the checkpoint of {checkpoint.At:u} recorded a different hash for sequence {entry.Sequence}");
                witnesses.See(entry);
                previous = entry;
            }
        }
        var end = previous?.Sequence ?? 0;
        if (last is not null && last.Sequence > end)
            return AuditVerification.Broken(checkedRows, end + 1,
                $"missing entries: the chain ends at sequence {end}, but the checkpoint of {last.At:u} saw it reach {last.Sequence}");
        if (witnesses.RequiredCheckpoint > (last?.Sequence ?? 0))
            return AuditVerification.Broken(checkedRows, witnesses.RequiredBy,
                $"checkpoints missing: entry {witnesses.RequiredBy} shows a checkpoint was written at sequence {witnesses.RequiredCheckpoint} or later, " +
                $"but the checkpoint file {checkpoints.FilePath} {(last is null ? "has none" : $"ends at sequence {last.Sequence}")}");
        if (previous is not null)
            await checkpoints.AppendAsync(previous.Sequence, previous.Hash, cancellationToken);
        return AuditVerification.Intact(checkedRows);
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
