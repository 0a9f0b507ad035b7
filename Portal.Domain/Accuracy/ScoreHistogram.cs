namespace Portal.Domain.Accuracy;

/// <summary>How many genuine and impostor scores fell in [From, To).</summary>
public sealed record HistogramBin(double From, double To, int Genuine, int Impostor);

/// <summary>Score distributions in fixed bins, the same for every report so charts can be compared.</summary>
public static class ScoreHistogram
{
    public const double DefaultLowest = -0.2, DefaultHighest = 1.0, DefaultWidth = 0.05;

    /// <summary>
    /// Bins of <paramref name="width"/> from <paramref name="lowest"/> to <paramref name="highest"/>; a score outside
    /// the range is counted in the nearest end bin (the top bin includes 1.0 itself), so every pair is counted once.
    /// </summary>
    public static IReadOnlyList<HistogramBin> Of(ScoreSets scores, double lowest = DefaultLowest, double highest = DefaultHighest, double width = DefaultWidth)
    {
        if (!(width > 0) || !(highest > lowest))
            throw new ArgumentOutOfRangeException(nameof(width), "The bins need a positive width and a range.");
        var count = (int)Math.Round((highest - lowest) / width);
        var genuine = Count(scores.Genuine, lowest, width, count);
        var impostor = Count(scores.Impostor, lowest, width, count);
        // Edges computed from the index, not by adding width repeatedly, so 0.45 does not drift to 0.4500000001.
        return Enumerable.Range(0, count)
            .Select(i => new HistogramBin(Math.Round(lowest + i * width, 10), Math.Round(lowest + (i + 1) * width, 10), genuine[i], impostor[i]))
            .ToList();
    }

    private static int[] Count(IReadOnlyList<double> scores, double lowest, double width, int count)
    {
        var bins = new int[count];
        foreach (var score in scores)
        {
            // The small tolerance keeps a score exactly on an edge (0.45) in the bin it starts, despite rounding.
            var index = (int)Math.Floor((score - lowest) / width + 1e-9);
            bins[Math.Clamp(index, 0, count - 1)]++;
        }
        return bins;
    }
}
