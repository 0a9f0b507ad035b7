using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Auditing;

/// <summary>
/// Where a walk of the chain begins: genesis while entry 1 is still there, else the latest signed expiry anchor (ADR 0011),
/// whose sequence and hash the first entry left must follow. <see cref="Fault"/> says why there is no sound start: an
/// anchor not signed by the key, or entries missing from the start with no anchor to account for them.
/// </summary>
internal sealed record AuditChainStart(long Sequence, string Hash, AuditAnchor? Anchor, (long Sequence, string Reason)? Fault)
{
    public static async Task<AuditChainStart> ReadAsync(PortalDbContext db, byte[] key, CancellationToken cancellationToken)
    {
        // Few rows (one per expiry batch), and every one must verify: an edited old anchor is tampering too.
        var anchors = await db.AuditAnchors.AsNoTracking().ToListAsync(cancellationToken);
        if (anchors.OrderBy(a => a.Sequence).FirstOrDefault(a => !a.IsSignedBy(key)) is { } forged)
            return new(0, AuditChain.GenesisHash, null, (forged.Sequence,
                $"the expiry anchor at sequence {forged.Sequence} is not signed by the audit key (forged, or edited after it was written)"));
        if (anchors.OrderBy(a => a.Sequence).FirstOrDefault(a => a.PeriodDays < Domain.Retention.RetentionPolicy.AuditMinDays) is { } early)
            return new(0, AuditChain.GenesisHash, null, (early.Sequence,
                $"the expiry anchor at sequence {early.Sequence} was made with a period of {early.PeriodDays} days, shorter than the " +
                $"minimum of {Domain.Retention.RetentionPolicy.AuditMinDays}: entries were deleted before their time"));
        var first = await db.AuditEntries.MinAsync(e => (long?)e.Sequence, cancellationToken);
        var latest = anchors.MaxBy(a => a.Sequence);
        if (first is > 1 && latest is null)
            return new(0, AuditChain.GenesisHash, null, (first.Value,
                $"missing entries: the chain begins at sequence {first}, and no expiry anchor accounts for entries 1–{first - 1}"));
        return first is > 1 || (first is null && latest is not null)
            ? new(latest!.Sequence, latest.Hash, latest, null)
            : new(0, AuditChain.GenesisHash, null, null);
    }

    /// <summary>A fault of the first entry walked, said in terms of the anchor it had to follow.</summary>
    public string Explain(string fault) => Anchor is null ? fault : $"right after the expiry anchor at sequence {Anchor.Sequence}: {fault}";
}
