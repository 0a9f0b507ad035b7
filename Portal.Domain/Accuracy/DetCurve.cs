namespace Portal.Domain.Accuracy;

/// <summary>One point of a DET (or ROC) curve: the two error rates at one threshold.</summary>
public sealed record DetPoint(double Threshold, double FalseMatchRate, double FalseNonMatchRate);

public static class DetCurve
{
    public const int DefaultMaxPoints = 200;

    /// <summary>
    /// The rates at every distinct observed score, thinned evenly to at most <paramref name="maxPoints"/> (the lowest
    /// and highest always kept), so a chart of 100,000 pairs stays small. Empty when either set is empty.
    /// </summary>
    public static IReadOnlyList<DetPoint> Of(ScoreSets scores, int maxPoints = DefaultMaxPoints)
    {
        if (maxPoints < 2)
            throw new ArgumentOutOfRangeException(nameof(maxPoints), "A curve needs at least two points.");
        if (scores.Genuine.Count == 0 || scores.Impostor.Count == 0)
            return [];
        var thresholds = scores.Genuine.Concat(scores.Impostor).Distinct().Order().ToList();
        var kept = thresholds.Count <= maxPoints
            ? thresholds
            : Enumerable.Range(0, maxPoints).Select(i => thresholds[(int)Math.Round(i * (thresholds.Count - 1) / (double)(maxPoints - 1))]).Distinct().ToList();
        return kept.Select(t => Point(scores, t)).ToList();
    }

    private static DetPoint Point(ScoreSets scores, double threshold)
    {
        var rates = VerificationRates.At(scores, threshold);
        return new DetPoint(threshold, rates.FalseMatch.Rate!.Value, rates.FalseNonMatch.Rate!.Value);
    }
}
