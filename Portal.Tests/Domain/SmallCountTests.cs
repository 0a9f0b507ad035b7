using Portal.Domain.Transparency;

namespace Portal.Tests.Domain;

/// <summary>The one suppression rule of the transparency report, and the quarters it counts in.</summary>
public sealed class SmallCountTests
{
    [Theory]
    [InlineData(0, "0")]
    [InlineData(1, "< 5")]
    [InlineData(4, "< 5")]
    [InlineData(5, "5")]
    [InlineData(1234, "1234")]
    public void CountsFromOneToFourAreShownAsLessThanFiveAndZeroStaysZero(int count, string shown)
    {
        Assert.Equal(shown, SmallCount.Show(count));
        Assert.Equal(count is >= 1 and <= 4 ? null : count, SmallCount.Publishable(count));
    }

    [Fact]
    public void ANegativeCountIsAMistakeNotAFigure() => Assert.Throws<ArgumentOutOfRangeException>(() => SmallCount.Show(-1));

    [Fact]
    public void AMedianNeedsAtLeastFiveItems()
    {
        Assert.Null(SmallCount.Median([1, 2, 3, 4]));
        Assert.Equal(3, SmallCount.Median([5, 1, 4, 2, 3]));
        Assert.Equal(3.5, SmallCount.Median([6, 1, 5, 2, 4, 3]));
    }

    [Fact]
    public void QuartersAreCalendarQuartersInUtc()
    {
        // 23:30 on 31 March at UTC-2 is already 1 April in UTC.
        Assert.Equal(new Quarter(2026, 2), Quarter.Of(new DateTimeOffset(2026, 3, 31, 23, 30, 0, TimeSpan.FromHours(-2))));
        Assert.Equal(new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero), new Quarter(2026, 3).End);
        Assert.Equal(["2025 Q4", "2026 Q1", "2026 Q2"],
            Quarter.LastUpTo(new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero), 3).Select(q => q.Label));
    }

    [Fact]
    public void AQuarterIsPublishedADayAfterItEndsSoNothingStillLandsInItsStoredFigures()
    {
        var end = new Quarter(2026, 2).End;

        Assert.Equal(new Quarter(2026, 1), Quarter.LastCompleted(end.AddHours(23), 1)[0]);
        Assert.Equal(new Quarter(2026, 2), Quarter.LastCompleted(end + Quarter.PublicationDelay, 1)[0]);
    }
}
