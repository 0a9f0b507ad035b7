using Portal.Domain.Accuracy;

namespace Portal.Tests.Domain;

/// <summary>Error rates, Wilson intervals, AUC and DET points against values computed by hand.</summary>
public sealed class AccuracyRatesTests
{
    // Ten of each. At t = 0.45 the impostors 0.45 and 0.52 are matches (0.45 is AT the threshold: a match), so
    // FMR = 2/10; the genuine 0.30 and 0.44 are below it, so FNMR = 2/10.
    private static readonly ScoreSets TenAndTen = new(
        [0.30, 0.45, 0.50, 0.62, 0.70, 0.81, 0.90, 0.44, 0.95, 0.58],
        [0.05, 0.10, 0.12, 0.20, 0.25, 0.31, 0.33, 0.40, 0.45, 0.52]);

    [Fact]
    public void RatesAtAThresholdCountAScoreAtTheThresholdAsAMatch()
    {
        var rates = VerificationRates.At(TenAndTen, 0.45);

        Assert.Equal(new RateEstimate(2, 10), rates.FalseMatch);
        Assert.Equal(new RateEstimate(2, 10), rates.FalseNonMatch);
        Assert.Equal(0.2, rates.FalseMatch.Rate!.Value, 12);
        Assert.Equal(16 / 20.0, rates.Accuracy!.Value, 12);
    }

    [Fact]
    public void WilsonIntervalOfTwoInTenIsFrom0Point0567To0Point5098()
    {
        // p = 0.2, z² = 3.841459: centre = (0.2 + z²/20) / (1 + z²/10) = 0.392073 / 1.384146 = 0.283259;
        // half = z / 1.384146 · √(0.2·0.8/10 + z²/400) = 1.416008 · 0.160011 = 0.226577 → (0.05668, 0.50984).
        var interval = WilsonInterval.Of(2, 10)!;

        Assert.Equal(0.0567, interval.Lower, 4);
        Assert.Equal(0.5098, interval.Upper, 4);
    }

    [Fact]
    public void NoneInTwentyHasLowerBoundZeroAndUpperBound0Point1611AndAllInTwentyTheMirror()
    {
        // 0/20: centre = (z²/40) / (1 + z²/20) = 0.096036 / 1.192073 = 0.080563 and half is the same, so the
        // upper bound is 0.161126 and the lower exactly 0. 20/20 mirrors it: (0.838874, 1).
        var none = WilsonInterval.Of(0, 20)!;
        var all = WilsonInterval.Of(20, 20)!;

        Assert.Equal(0, none.Lower);
        Assert.Equal(0.1611, none.Upper, 4);
        Assert.Equal(1, all.Upper);
        Assert.Equal(0.8389, all.Lower, 4);
    }

    [Fact]
    public void NoTrialsIsNoDataNotNaN()
    {
        var empty = new RateEstimate(0, 0);

        Assert.Null(WilsonInterval.Of(0, 0));
        Assert.Null(empty.Rate);
        Assert.Null(empty.Interval);
        Assert.False(empty.HasData);
        Assert.Null(VerificationRates.At(new ScoreSets([], []), 0.5).Accuracy);
    }

    [Fact]
    public void AucCountsGenuineOverImpostorWinsWithTiesHalf()
    {
        // Genuine 0.4 beats 0.2, ties 0.4, loses to 0.7: 1.5. Genuine 0.6 beats two: 2. Genuine 0.8 beats all: 3.
        // (1.5 + 2 + 3) / 9 = 0.72222.
        var scores = new ScoreSets([0.4, 0.6, 0.8], [0.2, 0.4, 0.7]);

        Assert.Equal(6.5 / 9, RocArea.Of(scores)!.Value, 12);
        Assert.Null(RocArea.Of(new ScoreSets([0.5], [])));
    }

    [Fact]
    public void SortBasedAucAgreesWithEveryPairAgainstEveryPair()
    {
        var random = new Random(17);
        // Rounded to two places so there are many ties.
        var genuine = Enumerable.Range(0, 700).Select(_ => Math.Round(0.3 + random.NextDouble() * 0.6, 2)).ToList();
        var impostor = Enumerable.Range(0, 900).Select(_ => Math.Round(-0.1 + random.NextDouble() * 0.6, 2)).ToList();
        var wins = genuine.Sum(g => impostor.Sum(i => g > i ? 1.0 : g == i ? 0.5 : 0));

        Assert.Equal(wins / (700.0 * 900), RocArea.Of(new ScoreSets(genuine, impostor))!.Value, 12);
    }

    [Fact]
    public void DetHasOnePointPerDistinctScoreWithTheRatesThere()
    {
        // Distinct scores 0.2, 0.4, 0.6, 0.7, 0.8. At 0.4: impostors 0.4 and 0.7 match (2/3); no genuine below (0).
        var det = DetCurve.Of(new ScoreSets([0.4, 0.6, 0.8], [0.2, 0.4, 0.7]));

        Assert.Equal([0.2, 0.4, 0.6, 0.7, 0.8], det.Select(p => p.Threshold));
        Assert.Equal(new DetPoint(0.4, 2 / 3.0, 0), det[1]);
        Assert.Equal(new DetPoint(0.8, 0, 2 / 3.0), det[4]);
    }

    [Fact]
    public void DetOfManyScoresIsThinnedKeepingBothEnds()
    {
        var scores = new ScoreSets(Enumerable.Range(0, 1000).Select(i => 0.5 + i / 10_000.0), Enumerable.Range(0, 1000).Select(i => i / 10_000.0));

        var det = DetCurve.Of(scores);

        Assert.InRange(det.Count, 150, DetCurve.DefaultMaxPoints);
        Assert.Equal(0, det[0].Threshold);
        Assert.Equal(scores.Genuine[^1], det[^1].Threshold);
    }

    [Fact]
    public void HistogramBinsAreFixedAndCountEveryScoreOnce()
    {
        // 24 bins of 0.05 from -0.2. 0.45 starts bin 13; 0.99 and 1.0 are in the top bin (23); -0.5 is below the
        // range and -0.2 starts it (bin 0); 0.0 starts bin 4.
        var bins = ScoreHistogram.Of(new ScoreSets([0.45, 0.99, 1.0], [-0.5, -0.2, 0.0]));

        Assert.Equal(24, bins.Count);
        Assert.Equal((-0.2, 1.0), (bins[0].From, bins[^1].To));
        Assert.Equal((0.45, 0.5, 1), (bins[13].From, bins[13].To, bins[13].Genuine));
        Assert.Equal(2, bins[23].Genuine);
        Assert.Equal(2, bins[0].Impostor);
        Assert.Equal(1, bins[4].Impostor);
        Assert.Equal((3, 3), (bins.Sum(b => b.Genuine), bins.Sum(b => b.Impostor)));
    }
}
