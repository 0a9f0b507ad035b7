namespace Portal.Domain.Accuracy;

/// <summary>Everything a report shows for one set of pairs (all pairs, or one group value's).</summary>
public sealed record AccuracyFigures(
    int GenuinePairs,
    int ImpostorPairs,
    VerificationRates AtThreshold,
    double? Auc,
    IReadOnlyList<ThresholdForTarget> ThresholdsForTargets,
    IReadOnlyList<DetPoint> Det,
    IReadOnlyList<HistogramBin> Histogram)
{
    /// <summary>The false match rates a report asks a threshold for.</summary>
    public static readonly IReadOnlyList<double> DefaultTargets = [0.01, 0.001];

    public static AccuracyFigures Of(ScoreSets scores, double threshold, IReadOnlyList<double>? targets = null) =>
        new(scores.Genuine.Count, scores.Impostor.Count,
            VerificationRates.At(scores, threshold),
            RocArea.Of(scores),
            (targets ?? DefaultTargets).Select(t => ThresholdSearch.For(scores, t)).ToList(),
            DetCurve.Of(scores),
            ScoreHistogram.Of(scores));
}
