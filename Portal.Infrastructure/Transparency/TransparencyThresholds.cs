using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Organisations;
using Portal.Domain.Transparency;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Transparency;

/// <summary>
/// The threshold history, read from the audit log's <c>threshold.changed</c> entries: every change of the default
/// and of a sector's minimum as recorded ("minimum 0.426 -> 0.450"). An organisation's own threshold is its own
/// business: those changes are only counted per quarter, never listed or named.
/// </summary>
internal static partial class TransparencyThresholds
{
    private const string SectorPrefix = "sector:";
    private const string OrganisationPrefix = "organisation:";

    public static async Task<IReadOnlyList<ThresholdHistoryEntry>> HistoryAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        var entries = await db.AuditEntries.AsNoTracking()
            .Where(e => e.Action == AuditActions.ThresholdChanged && (e.Target == "default" || e.Target.StartsWith(SectorPrefix)))
            .OrderBy(e => e.Sequence)
            .Select(e => new { e.Timestamp, e.Target, e.Details })
            .ToListAsync(cancellationToken);
        // A governed change names its proposal ("…; proposal <id>"): the published line shows the change and the
        // proposal's reason, not the id. Changes made before governance have no reason to show.
        var changes = entries.Select(e => (e.Timestamp, e.Target, Split: SplitProposal(e.Details))).ToList();
        var ids = changes.Where(c => c.Split.Proposal is not null).Select(c => c.Split.Proposal!.Value).ToList();
        var reasons = await db.ThresholdProposals.AsNoTracking().Where(p => ids.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => p.Reason, cancellationToken);
        return changes.Select(c => new ThresholdHistoryEntry(c.Timestamp, Scope(c.Target), Published(c.Split.Change),
            c.Split.Proposal is { } id ? reasons.GetValueOrDefault(id) : null)).ToList();
    }

    private static (string Change, Guid? Proposal) SplitProposal(string details)
    {
        const string Marker = "; proposal ";
        var at = details.LastIndexOf(Marker, StringComparison.Ordinal);
        return at >= 0 && Guid.TryParse(details[(at + Marker.Length)..], out var id) ? (details[..at], id) : (details, null);
    }

    /// <summary>
    /// "default 0.400 -> 0.450" as the public reads it, "0.40 → 0.45" (the admin page's form); anything recorded in
    /// another form is shown as recorded.
    /// </summary>
    private static string Published(string change)
    {
        var match = ChangePattern().Match(change);
        return match.Success ? $"{Value(match.Groups["from"].Value)} → {Value(match.Groups["to"].Value)}" : change;

        static string Value(string recorded) =>
            double.TryParse(recorded, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                ? value.ToString("0.00#", CultureInfo.InvariantCulture) : recorded;
    }

    [GeneratedRegex(@"^(?:[a-z]+ )?(?<from>\d+\.\d+|none) -> (?<to>\d+\.\d+)$")]
    private static partial Regex ChangePattern();

    public static async Task<IReadOnlyList<QuarterCount>> OrganisationChangesAsync(PortalDbContext db, IReadOnlyList<Quarter> quarters,
        CancellationToken cancellationToken)
    {
        var start = quarters[0].Start;
        var end = quarters[^1].End;
        var instants = await db.AuditEntries.AsNoTracking()
            .Where(e => e.Action == AuditActions.ThresholdChanged && e.Target.StartsWith(OrganisationPrefix) && e.Timestamp >= start && e.Timestamp < end)
            .Select(e => e.Timestamp)
            .ToListAsync(cancellationToken);
        return quarters.Select(q => new QuarterCount(q, SmallCount.Show(instants.Count(at => Quarter.Of(at) == q)))).ToList();
    }

    /// <summary>"Default threshold" or the sector's label; an unknown target is shown as recorded.</summary>
    private static string Scope(string target) =>
        target == "default" ? "Default threshold"
        : target.StartsWith(SectorPrefix, StringComparison.Ordinal) && Enum.TryParse<Sector>(target[SectorPrefix.Length..], out var sector)
            && Enum.IsDefined(sector)
            ? $"Minimum for {sector.Label()}"
            : target;
}
