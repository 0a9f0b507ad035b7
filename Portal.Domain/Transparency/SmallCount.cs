using System.Globalization;

namespace Portal.Domain.Transparency;

/// <summary>
/// The one rule for publishing figures: a count from 1 to 4 is shown as "&lt; 5" (0 stays 0), so the activity of a
/// single organisation in a small sector cannot be singled out; a median of fewer than 5 items is not shown at all.
/// The page, the CSV and the JSON all go through here, so they never disagree.
/// </summary>
public static class SmallCount
{
    /// <summary>The smallest count shown as it is (apart from 0).</summary>
    public const int Threshold = 5;

    public const string Suppressed = "< 5";

    /// <summary>What stands in for a median of too few items.</summary>
    public const string NoMedian = "—";

    public static bool IsSuppressed(int count) => count is > 0 and < Threshold;

    /// <summary>The count as published: "0", "&lt; 5", or the number.</summary>
    public static string Show(int count) =>
        count < 0 ? throw new ArgumentOutOfRangeException(nameof(count), "A count is never negative.")
        : IsSuppressed(count) ? Suppressed : count.ToString(CultureInfo.InvariantCulture);

    /// <summary>The count when it may be published as a number (charts), or null when it is suppressed.</summary>
    public static int? Publishable(int count) => IsSuppressed(count) ? null : count;

    /// <summary>The median of the values, or null when there are fewer than <see cref="Threshold"/> of them.</summary>
    public static double? Median(IReadOnlyCollection<double> values)
    {
        if (values.Count < Threshold)
            return null;
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
