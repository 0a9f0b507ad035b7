using Portal.Domain.Transparency;

namespace Portal.Tests.Domain;

/// <summary>A false match rate needs 5 people, a false non-match rate 5 people with genuine pairs; an old report falls back.</summary>
public sealed class PublishableRatesTests
{
    [Theory]
    [InlineData(9, 1, true, false)] // one person's genuine pairs among eight people with one photo each
    [InlineData(9, 5, true, true)]
    [InlineData(4, 4, false, false)]
    [InlineData(5, 4, true, false)]
    public void EachRateNeedsItsOwnFivePeople(int people, int genuinePeople, bool falseMatch, bool falseNonMatch) =>
        Assert.Equal(new PublishableRates(falseMatch, falseNonMatch), PublishableRates.Of(people, genuinePeople, 6, 60));

    [Fact]
    public void AReportWithoutPeopleCountsFallsBackToTheBoundAndNeverPublishesTheFalseNonMatchRate()
    {
        // 12 photos, 6 genuine pairs: at least 6 people by the bound, so the false match rate may be shown.
        Assert.Equal(new PublishableRates(true, false), PublishableRates.Of(null, null, 6, 60));
        // 1 person with 6 photos and 4 with 2: the bound says fewer than 5.
        Assert.Equal(new PublishableRates(false, false), PublishableRates.Of(null, null, 19, 72));
    }
}
