using Portal.Domain.Organisations;
using Portal.Domain.Review;

namespace Portal.Tests.Domain;

/// <summary>The operational accuracy arithmetic against values worked out by hand.</summary>
public sealed class ConfirmationRateTests
{
    [Fact]
    public void TheWilsonIntervalOfEightOutOfTenMatchesTheHandComputedBounds()
    {
        // p = 0.8, n = 10, z = 1.96: centre (0.8 + z²/20) / (1 + z²/10) = 0.7167, half-width 0.2266.
        var (low, high) = new ConfirmationRate(8, 2).Interval!.Value;

        Assert.Equal(0.4902, low, 3);
        Assert.Equal(0.9433, high, 3);
    }

    [Fact]
    public void NoDecidedLeadsGiveNoRateAndAFewAreASmallSample()
    {
        Assert.Null(new ConfirmationRate(0, 0).Rate);
        Assert.Null(new ConfirmationRate(0, 0).Interval);
        Assert.True(new ConfirmationRate(1, 3).IsSmallSample);
        Assert.False(new ConfirmationRate(3, 2).IsSmallSample);
        Assert.Equal(0.0, new ConfirmationRate(0, 5).Interval!.Value.Low);
        Assert.Equal(1.0, new ConfirmationRate(5, 0).Interval!.Value.High);
    }

    [Theory]
    [InlineData(0.40, "0.40–0.45")]
    [InlineData(0.4499, "0.40–0.45")]
    [InlineData(0.45, "0.45–0.50")]
    [InlineData(0.90, "0.90–1.00")]
    [InlineData(1.00, "0.90–1.00")]
    [InlineData(0.25, "0.20–0.40")]
    public void AScoreFallsInTheBandThatStartsAtOrBelowIt(double score, string band)
    {
        Assert.Equal(band, ScoreBands.All[ScoreBands.IndexOf(score)].Label);
    }

    [Fact]
    public void ASinglePrecisionScoreAtABandEdgeFallsInTheBandStartingThere()
    {
        Assert.Equal("0.45–0.50", ScoreBands.All[ScoreBands.IndexOf(0.45f)].Label);
    }

    [Fact]
    public void TheReportCountsEachBandSectorAndDisagreement()
    {
        ReviewedCandidate[] reviewed =
        [
            new(0.42f, Sector.ChildProtectionNonprofit, ReviewState.Confirmed, false),
            new(0.43f, Sector.ChildProtectionNonprofit, ReviewState.Rejected, false),
            new(0.44f, Sector.AntiTraffickingNonprofit, ReviewState.Disputed, true),
            new(0.62f, Sector.AntiTraffickingNonprofit, ReviewState.Confirmed, true),
        ];

        var report = OperationalAccuracyReport.From(reviewed);

        var low = report.Bands.Single(b => b.Label == "0.40–0.45");
        Assert.Equal((1, 1, 1, 3, 1), (low.Confirmed, low.Rejected, low.Disputed, low.SecondReviews, low.Disagreements));
        Assert.Equal(0.5, low.Rate.Rate);
        var trafficking = report.Sectors.Single(s => s.Label == Sector.AntiTraffickingNonprofit.Label());
        Assert.Equal((1, 0, 1, 2, 2), (trafficking.Confirmed, trafficking.Rejected, trafficking.Disputed, trafficking.SecondReviews, trafficking.Disagreements));
        Assert.Equal((2, 1, 1, 4, 2), (report.Overall.Confirmed, report.Overall.Rejected, report.Overall.Disputed, report.Overall.SecondReviews, report.Overall.Disagreements));
        Assert.Equal(ScoreBands.All.Count, report.Bands.Count);
    }
}
