using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Infrastructure.Common;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Auditing;

/// <summary>Filters of the audit viewer; every one optional. <see cref="To"/> is exclusive.</summary>
public sealed record AuditFilter(string? Actor = null, Guid? OrganisationId = null, string? Action = null,
    DateTimeOffset? From = null, DateTimeOffset? To = null);

/// <summary>One entry as shown: <see cref="Actor"/> is the actor's display details (ADR 0010), <see cref="ActorKey"/> what the chain holds.</summary>
public sealed record AuditRow(long Sequence, DateTimeOffset Timestamp, string Actor, string Action, string Target, string Details,
    Guid? OrganisationId, string? Organisation, string? ActorKey = null);

public sealed record AuditPage(IReadOnlyList<AuditRow> Rows, int Total);

/// <summary>
/// Reading the audit chain for platform admins: filtered pages (newest first, paged in the database), CSV export
/// of a filtered set, and verification. Exports and verifications are themselves audited.
/// </summary>
public sealed class AuditQueries(IDbContextFactory<PortalDbContext> contextFactory, IAuditLog auditLog, AuditPseudonyms pseudonyms)
{
    public const int MaxPageSize = 200;

    private const string Work = "read the audit log";

    /// <summary>A page of entries, for a platform admin; anyone else is refused.</summary>
    public async Task<Outcome<AuditPage>> PageAsync(Actor admin, AuditFilter filter, int skip, int take, CancellationToken cancellationToken = default)
    {
        if (AdminGuard.Refusal(admin, Work) is { } refusal)
            return Outcome<AuditPage>.Forbidden(refusal);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var entries = Filtered(db, filter);
        var total = await entries.CountAsync(cancellationToken);
        var rows = (await Rows(db, entries.OrderByDescending(e => e.Sequence).Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, MaxPageSize)))
            .ToListAsync(cancellationToken)).Select(r => r.Row).ToList();
        return Outcome<AuditPage>.Ok(new AuditPage(rows.OrderByDescending(r => r.Sequence).ToList(), total));
    }

    /// <summary>Every action that occurs in the log, and every one the portal knows, for the action filter.</summary>
    public async Task<Outcome<IReadOnlyList<string>>> ActionsAsync(Actor admin, CancellationToken cancellationToken = default)
    {
        if (AdminGuard.Refusal(admin, Work) is { } refusal)
            return Outcome<IReadOnlyList<string>>.Forbidden(refusal);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var used = await db.AuditEntries.Select(e => e.Action).Distinct().ToListAsync(cancellationToken);
        var known = typeof(AuditActions).GetFields().Select(f => (string)f.GetValue(null)!);
        return Outcome<IReadOnlyList<string>>.Ok(used.Union(known).Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>Every organisation by name, for the organisation filter.</summary>
    public async Task<Outcome<IReadOnlyList<(Guid Id, string Name)>>> OrganisationsAsync(Actor admin, CancellationToken cancellationToken = default)
    {
        if (AdminGuard.Refusal(admin, Work) is { } refusal)
            return Outcome<IReadOnlyList<(Guid Id, string Name)>>.Forbidden(refusal);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var organisations = await db.Organisations.AsNoTracking().Select(o => new { o.Id, o.Name }).ToListAsync(cancellationToken);
        return Outcome<IReadOnlyList<(Guid Id, string Name)>>.Ok(
            organisations.OrderBy(o => o.Name, StringComparer.CurrentCultureIgnoreCase).Select(o => (o.Id, o.Name)).ToList());
    }

    /// <summary>Writes the filtered entries, oldest first, as CSV (with their hashes, so a copy can be checked later).</summary>
    public async Task<Outcome<int>> ExportCsvAsync(Actor admin, AuditFilter filter, TextWriter output, CancellationToken cancellationToken = default)
    {
        if (AdminGuard.Refusal(admin, "export the audit log") is { } refusal)
            return Outcome<int>.Forbidden(refusal);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var count = 0;
        var rows = from entry in Filtered(db, filter).OrderBy(e => e.Sequence)
                   from organisation in db.Organisations.Where(o => o.Id == entry.OrganisationId).DefaultIfEmpty()
                   from who in db.AuditActors.Where(a => a.Key == entry.Actor).DefaultIfEmpty()
                   select new { entry, Organisation = organisation == null ? null : organisation.Name,
                       Name = who == null ? null : who.DisplayName, Email = who == null ? null : who.Email, ErasedAt = who == null ? null : who.ErasedAt };
        // The actor key column is what the hash covers, so an exported copy can still be checked; the display column is for people.
        await output.WriteLineAsync(Csv.Row(["sequence", "timestamp (UTC)", "actor", "actor key", "action", "target", "organisation", "details", "previous hash", "hash"]));
        await foreach (var row in rows.AsNoTracking().AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var e = row.entry;
            await output.WriteLineAsync(Csv.Row([e.Sequence.ToString(CultureInfo.InvariantCulture),
                e.Timestamp.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture),
                AuditActors.Label(e.Actor, row.Name, row.Email, row.ErasedAt), e.Actor, e.Action, e.Target,
                row.Organisation ?? "", e.Details, e.PreviousHash, e.Hash]));
            count++;
        }
        await auditLog.RecordAsync(admin.Name, AuditActions.AuditExported, "audit", $"{count} entr{(count == 1 ? "y" : "ies")} exported as CSV; filter: {Describe(filter)}",
            cancellationToken: cancellationToken);
        return Outcome<int>.Ok(count);
    }

    /// <summary>Which entries have expired under the retention schedule, if any (null), for the viewer's one line about it.</summary>
    public async Task<Outcome<AuditExpirySummary?>> ExpirySummaryAsync(Actor admin, CancellationToken cancellationToken = default)
    {
        if (AdminGuard.Refusal(admin, Work) is { } refusal)
            return Outcome<AuditExpirySummary?>.Forbidden(refusal);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return Outcome<AuditExpirySummary?>.Ok(await AuditExpirySummary.ReadAsync(db, cancellationToken));
    }

    public async Task<Outcome<AuditVerification>> VerifyAsync(Actor admin, CancellationToken cancellationToken = default)
    {
        if (AdminGuard.Refusal(admin, "verify the audit log") is { } refusal)
            return Outcome<AuditVerification>.Forbidden(refusal);
        var result = await auditLog.VerifyAsync(cancellationToken);
        await auditLog.RecordAsync(admin.Name, AuditActions.AuditVerified, "audit",
            result.IsIntact ? $"{AuditChainVerifier.IntactDetails} {result.RowsChecked} entries checked" : $"chain broken at sequence {result.BrokenSequence}: {result.Reason}",
            cancellationToken: cancellationToken);
        return Outcome<AuditVerification>.Ok(result);
    }

    public static string Describe(AuditFilter filter)
    {
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(filter.Actor)) parts.Add($"actor contains \"{filter.Actor.Trim()}\"");
        if (filter.OrganisationId is { } organisation) parts.Add($"organisation {organisation}");
        if (!string.IsNullOrWhiteSpace(filter.Action)) parts.Add($"action {filter.Action}");
        if (filter.From is { } from) parts.Add($"from {from.UtcDateTime:yyyy-MM-dd HH:mm} UTC");
        if (filter.To is { } to) parts.Add($"before {to.UtcDateTime:yyyy-MM-dd HH:mm} UTC");
        return parts.Count == 0 ? "none (all entries)" : string.Join("; ", parts);
    }

    private IQueryable<AuditEntry> Filtered(PortalDbContext db, AuditFilter filter)
    {
        var entries = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Actor))
        {
            // The chain holds keys (ADR 0010): the typed text matches the key, the actor's display name or e-mail, or,
            // for an e-mail that is no account, its keyed hash exactly. Entries from before ADR 0010 hold the e-mail itself.
            var hashed = pseudonyms.Sent(filter.Actor);
            // Case-insensitive "contains"; the user's text is a parameter, with LIKE's own wildcards escaped.
            var pattern = "%" + filter.Actor.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
                .Replace("_", "\\_", StringComparison.Ordinal) + "%";
            // SQLite's LIKE ignores ASCII case; PostgreSQL's does not, and its ILIKE is the same match there.
            var actors = db.AuditActors.AsNoTracking();
            var keys = db.Database.IsNpgsql()
                ? actors.Where(a => EF.Functions.ILike(a.Email!, pattern, "\\") || EF.Functions.ILike(a.DisplayName!, pattern, "\\")).Select(a => a.Key)
                : actors.Where(a => EF.Functions.Like(a.Email!, pattern, "\\") || EF.Functions.Like(a.DisplayName!, pattern, "\\")).Select(a => a.Key);
            entries = db.Database.IsNpgsql()
                ? entries.Where(e => EF.Functions.ILike(e.Actor, pattern, "\\") || e.Actor == hashed || keys.Contains(e.Actor))
                : entries.Where(e => EF.Functions.Like(e.Actor, pattern, "\\") || e.Actor == hashed || keys.Contains(e.Actor));
        }
        if (filter.OrganisationId is { } organisationId)
            entries = entries.Where(e => e.OrganisationId == organisationId);
        if (!string.IsNullOrWhiteSpace(filter.Action))
            entries = entries.Where(e => e.Action == filter.Action);
        if (filter.From is { } from)
            entries = entries.Where(e => e.Timestamp >= from);
        if (filter.To is { } to)
            entries = entries.Where(e => e.Timestamp < to);
        return entries;
    }

    private static IQueryable<ShownRow> Rows(PortalDbContext db, IQueryable<AuditEntry> entries) =>
        from entry in entries
        from organisation in db.Organisations.Where(o => o.Id == entry.OrganisationId).DefaultIfEmpty()
        from who in db.AuditActors.Where(a => a.Key == entry.Actor).DefaultIfEmpty()
        select new ShownRow(new AuditRow(entry.Sequence, entry.Timestamp, entry.Actor, entry.Action, entry.Target, entry.Details, entry.OrganisationId,
            organisation == null ? null : organisation.Name, entry.Actor), who == null ? null : who.DisplayName, who == null ? null : who.Email,
            who == null ? null : who.ErasedAt);

    /// <summary>A row read with its actor's display details; <see cref="Row"/> shows them in place of the key.</summary>
    private sealed record ShownRow(AuditRow Raw, string? Name, string? Email, DateTimeOffset? ErasedAt)
    {
        public AuditRow Row => Raw with { Actor = AuditActors.Label(Raw.Actor, Name, Email, ErasedAt) };
    }
}
