using Portal.Domain.Auditing;

namespace Portal.Infrastructure.Auditing;

/// <summary>
/// A chain begun before the audit key: entries under the plain SHA-256 rule, then, once this version ran and appended
/// while the re-keying waited for confirmation, entries under the key. <see cref="Fault"/> is the first entry that fits
/// neither, or a plain entry after a keyed one.
/// </summary>
internal sealed record LegacyChain(long PlainCount, string PlainHeadHash, (long Sequence, string Reason)? Fault)
{
    public static LegacyChain Read(IReadOnlyList<AuditEntry> entries, byte[] key)
    {
        AuditEntry? previous = null;
        long plainCount = 0;
        var plainHead = AuditChain.GenesisHash;
        foreach (var entry in entries)
        {
            var inPrefix = plainCount == entry.Sequence - 1;
            var plainFault = inPrefix ? AuditChain.FindFault(null, entry, previous) : "a plain entry cannot follow a keyed one";
            if (inPrefix && plainFault is null)
            {
                plainCount = entry.Sequence;
                plainHead = entry.Hash;
            }
            else if (AuditChain.FindFault(key, entry, previous) is { } keyedFault)
                // Within the plain prefix the plain rule's reason is the one that explains the break.
                return new LegacyChain(plainCount, plainHead, (entry.Sequence, inPrefix ? $"under the plain rule, {plainFault}" : keyedFault));
            previous = entry;
        }
        return new LegacyChain(plainCount, plainHead, null);
    }
}
