using System.Globalization;
using Portal.Domain.Organisations;
using Portal.Domain.Transparency;

namespace Portal.Infrastructure.Transparency;

/// <summary>
/// One completed quarter as the report publishes it: every sector × measure, in the page's order, and the count of
/// organisations' own threshold changes (a per-quarter figure from the audit log, so it is frozen with the rest).
/// </summary>
internal sealed record QuarterFigures(Quarter Quarter, IReadOnlyList<TransparencyFigure> Figures, QuarterCount OrganisationThresholdChanges)
{
    /// <summary>The quarter at <paramref name="index"/> of the span <paramref name="counts"/> was loaded for, with the small-count rule applied.</summary>
    public static QuarterFigures From(TransparencyCounts counts, int index, Quarter quarter, QuarterCount organisationThresholdChanges)
    {
        var figures = new List<TransparencyFigure>();
        foreach (var sector in Sectors.All)
            foreach (var measure in TransparencyMeasures.All)
                figures.Add(measure.IsMedian ? Median(quarter, sector, measure, counts.HoursToSecondReview.GetValueOrDefault((index, sector)))
                    : Count(quarter, sector, measure, counts.Counts.GetValueOrDefault((index, sector, measure.Key))));
        return new QuarterFigures(quarter, figures, organisationThresholdChanges);
    }

    private static TransparencyFigure Count(Quarter quarter, Sector sector, TransparencyMeasure measure, int count) =>
        new(quarter, sector, measure, SmallCount.Show(count), SmallCount.Publishable(count));

    private static TransparencyFigure Median(Quarter quarter, Sector sector, TransparencyMeasure measure, List<double>? hours)
    {
        var median = SmallCount.Median(hours ?? []);
        var rounded = median is { } value ? Math.Round(value, 1) : (double?)null;
        return new(quarter, sector, measure, rounded?.ToString("0.0", CultureInfo.InvariantCulture) ?? SmallCount.NoMedian, rounded);
    }
}
