using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Domain.Auditing;
using Portal.Infrastructure.Options;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Auditing;

/// <summary>What start-up did with a chain written before the audit key existed.</summary>
public enum AuditRekeyOutcome
{
    /// <summary>Empty, or already sealed with the key.</summary>
    NotNeeded,
    /// <summary>Verified under the plain rule, then sealed with the key in one transaction.</summary>
    Rekeyed,
    /// <summary>Left as it was: it did not verify, a checkpoint file says it had been keyed, or no operator confirmed it.</summary>
    Refused,
}

/// <summary>
/// Seals a chain written under the plain SHA-256 rule with the audit key, once, at start (ADR 0005). The chain is a
/// plain prefix (written before the key) possibly followed by keyed entries (written since, while it waited). Only a
/// chain whose prefix verifies under the plain rule and whose suffix verifies under the key is re-sealed, so the key
/// never vouches for history that was already broken. Outside Development an operator must also name the prefix's
/// head hash (<c>Portal:Audit:RekeyLegacyHead</c>): a database writer without the key could otherwise rewrite the whole
/// chain under the plain rule and have it sealed as genuine at the next start.
/// </summary>
public sealed partial class AuditChainRekeyer(
    IDbContextFactory<PortalDbContext> contextFactory,
    AuditKey key,
    AuditLog auditLog,
    AuditCheckpoints checkpoints,
    AuditActorMapping actors,
    IOptions<AuditOptions> options,
    IHostEnvironment environment,
    ILogger<AuditChainRekeyer> logger)
{
    public async Task<AuditRekeyOutcome> RekeyLegacyChainAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        // Opened before the first read: on SQLite this takes the write lock, so no process appends while we decide.
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var first = await db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).FirstOrDefaultAsync(cancellationToken);
        if (first is null || IsKeyed(first) || await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.AuditRekeyed, cancellationToken))
            return AuditRekeyOutcome.NotNeeded;

        var entries = await db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync(cancellationToken);
        var legacy = LegacyChain.Read(entries, key.Bytes);
        if (await RefusalAsync(legacy, await db.AuditAnchors.AnyAsync(cancellationToken), cancellationToken) is { } refusal)
        {
            await transaction.RollbackAsync(cancellationToken);
            await RecordRefusalOnceAsync(refusal, cancellationToken);
            LogRefused(logger, refusal);
            return AuditRekeyOutcome.Refused;
        }

        var keyedHead = await ResealAsync(db, entries, cancellationToken);
        await auditLog.AppendWithinAsync(db, "system", AuditActions.AuditRekeyed, "audit",
            $"{legacy.PlainCount} entries (sequences 1–{legacy.PlainCount}) verified under the plain SHA-256 rule and " +
            $"{entries.Count - legacy.PlainCount} keyed entries after them, then all sealed with the audit key, " +
            "e-mails replaced by account ids or keyed hashes, client addresses and photo names withheld (ADR 0010); " +
            $"plain head hash {legacy.PlainHeadHash}, keyed head hash {keyedHead}", null, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        var head = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence).FirstAsync(cancellationToken);
        await checkpoints.AppendAsync(head.Sequence, head.Hash, cancellationToken);
        LogRekeyed(logger, entries.Count);
        return AuditRekeyOutcome.Rekeyed;
    }

    private bool IsKeyed(AuditEntry first) => string.Equals(first.Hash, AuditChain.ComputeHash(key.Bytes, first), StringComparison.Ordinal);

    /// <summary>Why the chain must not be sealed; null when it may be.</summary>
    private async Task<string?> RefusalAsync(LegacyChain legacy, bool anchored, CancellationToken cancellationToken)
    {
        if (anchored)
            // Only a keyed chain that verified is ever expired (AuditExpiry): its anchors beside a plain chain mean a rewrite.
            return "expiry anchors show this chain was keyed and cut under the retention schedule before; a chain under the plain rule now means it was rewritten";
        if ((await checkpoints.ReadAsync(cancellationToken)).Count > 0)
            // Checkpoints are only written for keyed chains: a plain chain beside them was rewritten by someone without the key.
            return $"the checkpoint file {checkpoints.FilePath} shows this chain was keyed before; a chain under the plain rule now means it was rewritten";
        if (legacy.Fault is { } fault)
            return $"the chain does not verify at sequence {fault.Sequence}: {fault.Reason}. If the audit key was replaced, restore the old key";
        var confirmed = options.Value.RekeyLegacyHead?.Trim();
        if (!MayRekeyUnconfirmed && !string.Equals(confirmed, legacy.PlainHeadHash, StringComparison.OrdinalIgnoreCase))
            return $"the {legacy.PlainCount} entries written before the audit key verify under the plain rule, with head hash {legacy.PlainHeadHash} " +
                   $"at sequence {legacy.PlainCount}. Compare it with your records (an export or backup), then set {AuditOptions.Section}:RekeyLegacyHead " +
                   "to that hash and restart to seal the chain with the key" +
                   (string.IsNullOrEmpty(confirmed) ? "" : $" (the configured {confirmed} does not match)");
        return null;
    }

    private bool MayRekeyUnconfirmed =>
        environment.IsDevelopment() || environment.IsEnvironment("Testing") || environment.IsEnvironment("Standalone");

    /// <summary>Rewrites every entry's hashes under the key, in order, inside the caller's transaction; returns the new head hash.</summary>
    private async Task<string> ResealAsync(PortalDbContext db, List<AuditEntry> entries, CancellationToken cancellationToken)
    {
        var previous = AuditChain.GenesisHash;
        foreach (var entry in entries)
        {
            // No checkpoint vouches for these entries yet, so this is the one moment their personal data can leave the
            // chain without invalidating anything signed (ADR 0010); a keyed chain with checkpoints is never rewritten.
            var actor = await actors.ActorAsync(db, entry.Actor, entry.Timestamp, cancellationToken);
            var details = actors.WithoutLegacyPersonalText(entry.Action,
                await actors.DetailsAsync(db, entry.Details, entry.Timestamp, cancellationToken));
            var hash = AuditChain.ComputeHash(key.Bytes, entry.Sequence, entry.Timestamp, actor, entry.Action,
                entry.Target, details, entry.OrganisationId, previous);
            var (id, newPrevious) = (entry.Id, previous);
            await db.AuditEntries.Where(e => e.Id == id).ExecuteUpdateAsync(set => set
                .SetProperty(e => e.Actor, actor)
                .SetProperty(e => e.Details, details)
                .SetProperty(e => e.PreviousHash, newPrevious)
                .SetProperty(e => e.Hash, hash), cancellationToken);
            previous = hash;
        }
        return previous;
    }

    /// <summary>A refusal is recorded in the chain once, not at every start; the log says it at every start.</summary>
    private async Task RecordRefusalOnceAsync(string refusal, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        if (await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.AuditRekeyRefused, cancellationToken))
            return;
        await auditLog.AppendWithinAsync(db, "system", AuditActions.AuditRekeyRefused, "audit", refusal, null, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit chain of {Count} entries, begun before the audit key, was verified and sealed with the key")]
    private static partial void LogRekeyed(ILogger logger, long count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit chain not re-keyed: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);
}
