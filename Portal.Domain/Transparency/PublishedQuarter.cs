namespace Portal.Domain.Transparency;

/// <summary>
/// A completed quarter's figures as the transparency report published them, stored the first time they were computed
/// after the quarter ended and served from here ever after. Recomputing an old quarter would not give the same answer:
/// retention deletes case rows and audit entries expire (ADR 0011), so its counts would drop, the public record would
/// change without a word, and the difference between two versions could tell what was deleted. One row per quarter: a
/// quarter is published whole or not at all, and the key refuses a second copy.
/// </summary>
public sealed class PublishedQuarter
{
    /// <summary>
    /// The version of the report's computation that made a row. A later version never recomputes a stored quarter
    /// (that is the point); the number says which rules the stored figures followed.
    /// </summary>
    public const int CurrentReportVersion = 1;

    public int Year { get; init; }
    public int Number { get; init; }

    /// <summary>The figures exactly as the page and the downloads show them (JSON; small counts already shown as "&lt; 5").</summary>
    public required string Figures { get; init; }

    public DateTimeOffset ComputedAt { get; init; }
    public int ReportVersion { get; init; }

    public Quarter Quarter => new(Year, Number);
}
