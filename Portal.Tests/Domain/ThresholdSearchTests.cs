using Portal.Domain.Accuracy;

namespace Portal.Tests.Domain;

/// <summary>The threshold for a target false match rate, and the rule of three that decides whether to give one.</summary>
public sealed class ThresholdSearchTests
{
    // Impostors 0.01, 0.02, …, 0.30 (30 of them); two genuine pairs well above.
    private static ScoreSets Impostors(int count) =>
        new([0.5, 0.6], Enumerable.Range(1, count).Select(i => i / 100.0));

    [Theory]
    [InlineData(0.1, 30)]
    [InlineData(0.01, 300)]
    [InlineData(0.001, 3000)]
    public void TheRuleOfThreeNeedsThreeOverTheTargetImpostorPairs(double target, int needed) =>
        Assert.Equal(needed, ThresholdSearch.ImpostorPairsNeeded(target));

    [Fact]
    public void TheLowestThresholdWithFmrAtMostTheTargetIsFound()
    {
        // Target 0.1 of 30 impostors allows 3 at or above the threshold: at 0.28 they are 0.28, 0.29, 0.30 (3/30 =
        // 0.1, allowed); at 0.27 they are four (4/30 > 0.1). So 0.28.
        var found = Assert.IsType<ThresholdFound>(ThresholdSearch.For(Impostors(30), 0.1));

        Assert.Equal(0.28, found.Threshold);
        Assert.Equal(new RateEstimate(3, 30), found.Rates.FalseMatch);
        Assert.Equal(new RateEstimate(0, 2), found.Rates.FalseNonMatch);
    }

    [Fact]
    public void TooFewImpostorPairsSaySoWithHowManyThereAreAndAreNeeded()
    {
        var result = ThresholdSearch.For(Impostors(29), 0.1);

        Assert.Equal(new NotEnoughImpostorPairs(0.1, 29, 30), result);
    }

    [Fact]
    public void WhenTheTopScoresAreTiedImpostorsTheThresholdIsJustAboveThem()
    {
        // All 30 impostors score 0.3 and the only genuine pair 0.1: no observed score leaves FMR <= 0.1, so the
        // threshold is the next number above 0.3, where no pair matches at all.
        var scores = new ScoreSets([0.1], Enumerable.Repeat(0.3, 30));

        var found = Assert.IsType<ThresholdFound>(ThresholdSearch.For(scores, 0.1));

        Assert.True(found.Threshold > 0.3 && found.Threshold < 0.3000001, $"threshold {found.Threshold}");
        Assert.Equal(0, found.Rates.FalseMatch.Errors);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-0.1)]
    public void ATargetOutsideZeroToOneIsRefused(double target) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ThresholdSearch.For(Impostors(30), target));
}
