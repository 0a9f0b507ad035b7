using System.Globalization;

namespace Portal.Domain.Review;

/// <summary>One similarity band: [Low, High), the last one closed at 1.00.</summary>
public sealed record ScoreBand(double Low, double High)
{
    public string Label => $"{Low.ToString("0.00", CultureInfo.InvariantCulture)}–{High.ToString("0.00", CultureInfo.InvariantCulture)}";
}

/// <summary>
/// The score bands of the operational accuracy page, in one place: 0.05 wide from 0.40 (the configured default) to 0.90,
/// then 0.90–1.00 where few leads fall; one band below 0.40 for a default governed lower (the lowest allowed is 0.20).
/// </summary>
public static class ScoreBands
{
    private static readonly double[] Edges = [0.20, 0.40, 0.45, 0.50, 0.55, 0.60, 0.65, 0.70, 0.75, 0.80, 0.85, 0.90, 1.00];

    public static IReadOnlyList<ScoreBand> All { get; } =
        Enumerable.Range(0, Edges.Length - 1).Select(i => new ScoreBand(Edges[i], Edges[i + 1])).ToList();

    /// <summary>The index of the band a score falls in; a score outside [0.20, 1.00] joins the nearest end band.</summary>
    public static int IndexOf(double score)
    {
        // Scores and thresholds are single-precision: 0.45f is 0.4499999881 as a double, and a lead scoring exactly
        // the threshold belongs in the band that starts there. Six decimals is finer than any score we show.
        score = Math.Round(score, 6);
        for (var i = All.Count - 1; i > 0; i--)
            if (score >= All[i].Low)
                return i;
        return 0;
    }
}
