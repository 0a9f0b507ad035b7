using Portal.Domain.Organisations;
using Portal.Domain.Transparency;
using Portal.Infrastructure.Accountability;
using Portal.Infrastructure.Face;

namespace Portal.Infrastructure.Transparency;

/// <summary>
/// One published figure. <see cref="Value"/> is what everyone sees ("0", "&lt; 5", "12", a median or "—");
/// <see cref="Number"/> is the same figure for charts, null where it is suppressed. No raw small count is kept.
/// </summary>
public sealed record TransparencyFigure(Quarter Quarter, Sector Sector, TransparencyMeasure Measure, string Value, double? Number);

/// <summary>A change of the default threshold or a sector's minimum, as the audit log recorded it, with the reason the admins gave.</summary>
public sealed record ThresholdHistoryEntry(DateTimeOffset At, string Scope, string Change, string? Reason = null);

/// <summary>How many times organisations raised or cleared their own threshold in a quarter (published only as a count).</summary>
public sealed record QuarterCount(Quarter Quarter, string Value);

/// <summary>
/// The public transparency report: every figure per completed quarter and sector, the models, the threshold history and
/// the latest completed evaluation (null when none has run), with the same small-count rule as the accountability report.
/// </summary>
public sealed record TransparencyReport(
    DateTimeOffset ComputedAt,
    IReadOnlyList<Quarter> Quarters,
    IReadOnlyList<TransparencyFigure> Figures,
    IReadOnlyList<PinnedModel> Models,
    bool ModelsVerified,
    IReadOnlyList<ThresholdHistoryEntry> ThresholdHistory,
    IReadOnlyList<QuarterCount> OrganisationThresholdChanges,
    PublishedTest? LatestTest = null)
{
    private readonly Dictionary<(Quarter, Sector, string), TransparencyFigure> _index =
        Figures.ToDictionary(f => (f.Quarter, f.Sector, f.Measure.Key));

    public TransparencyFigure Figure(Quarter quarter, Sector sector, TransparencyMeasure measure) => _index[(quarter, sector, measure.Key)];

    /// <summary>
    /// A measure's quarter summed over sectors, for the charts and their tables. A sector shown as "&lt; 5" had at least
    /// one, so it adds exactly one and the total is marked as a lower bound ("≥ 8"): the total never reads 0 beside real
    /// activity, and it tells nothing the sector rows do not already say (adding its hidden count would let anyone
    /// subtract the published sectors and work the small count back out).
    /// </summary>
    public ChartTotal ChartTotal(Quarter quarter, TransparencyMeasure measure)
    {
        var figures = Sectors.All.Select(sector => Figure(quarter, sector, measure)).ToList();
        var hidden = figures.Count(f => f.Value == SmallCount.Suppressed);
        return new ChartTotal(figures.Sum(f => f.Number ?? 0) + hidden, hidden > 0);
    }
}

/// <summary>A quarter's total over sectors: exact, or at least <see cref="Value"/> where some sector had fewer than 5.</summary>
public sealed record ChartTotal(double Value, bool AtLeast)
{
    public override string ToString() => (AtLeast ? "≥ " : "") + Value.ToString("0", System.Globalization.CultureInfo.InvariantCulture);
}
