using System.Text.Json;
using Portal.Domain.Organisations;
using Portal.Domain.Transparency;

namespace Portal.Infrastructure.Transparency;

/// <summary>
/// A quarter's figures as stored in <see cref="PublishedQuarter.Figures"/>. What is stored is what was shown ("&lt; 5",
/// "—", a median already rounded), not the raw counts applied at display: the stored row is the public record, so a
/// later change to the small-count rule or to the median's rounding can never rewrite a quarter already published, and
/// no count from 1 to 4 is kept anywhere, not even in the private database.
/// </summary>
internal static class StoredQuarterFigures
{
    /// <summary>
    /// Stands in for a figure the stored quarter does not hold: a measure or sector added after the quarter was published.
    /// It is not computed now, from what retention has left, as that would be a figure the quarter never had.
    /// </summary>
    public const string NotPublished = SmallCount.NoMedian;

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    private sealed record Stored(IReadOnlyList<StoredFigure> Figures, string OrganisationThresholdChanges);

    private sealed record StoredFigure(string Sector, string Measure, string Value, double? Number);

    public static string Json(QuarterFigures quarter) => JsonSerializer.Serialize(new Stored(
        quarter.Figures.Select(f => new StoredFigure(f.Sector.ToString(), f.Measure.Key, f.Value, f.Number)).ToList(),
        quarter.OrganisationThresholdChanges.Value), Options);

    /// <summary>The stored quarter in the order the page lists today's sectors and measures.</summary>
    public static QuarterFigures Read(PublishedQuarter row)
    {
        var stored = JsonSerializer.Deserialize<Stored>(row.Figures, Options)
            ?? throw new InvalidOperationException($"The published figures of {row.Quarter} are empty.");
        var index = stored.Figures.ToDictionary(f => (f.Sector, f.Measure));
        var figures = new List<TransparencyFigure>();
        foreach (var sector in Sectors.All)
            foreach (var measure in TransparencyMeasures.All)
                figures.Add(index.TryGetValue((sector.ToString(), measure.Key), out var figure)
                    ? new TransparencyFigure(row.Quarter, sector, measure, figure.Value, figure.Number)
                    : new TransparencyFigure(row.Quarter, sector, measure, NotPublished, null));
        return new QuarterFigures(row.Quarter, figures, new QuarterCount(row.Quarter, stored.OrganisationThresholdChanges));
    }
}
