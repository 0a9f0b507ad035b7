using Portal.Domain.Transparency;

namespace Portal.Tests.Domain;

/// <summary>The fewest people an evaluation group can hold, worked out by hand from its pair counts.</summary>
public sealed class GroupSizeTests
{
    [Theory]
    [InlineData(15, 90, 5)]  // five people with three photos each: 15 photos, 5 × 3 genuine pairs of 105
    [InlineData(12, 54, 4)]  // four people with three photos each
    [InlineData(5, 40, 5)]   // five people with two photos each
    [InlineData(45, 0, 1)]   // one person with ten photos
    [InlineData(0, 10, 5)]   // five people with one photo each
    [InlineData(45, 145, 4)] // eleven people, one with ten photos: Σk² = 110, 20² / 110 = 3.6, so "at least 4" (errs towards not publishing)
    public void BoundsThePeopleFromBelow(int genuine, int impostor, int fewest) =>
        Assert.Equal(fewest, GroupSize.FewestPeople(genuine, impostor));

    [Theory]
    [InlineData(0, 0)] // one photo or none
    [InlineData(1, 1)] // two pairs: no number of photos gives exactly two pairs
    public void SaysNothingCanBePublishedForCountsThatAreNotEveryPairOfSomePhotos(int genuine, int impostor) =>
        Assert.False(GroupSize.MayPublish(genuine, impostor));

    [Fact]
    public void PublishesFromFivePeople()
    {
        Assert.True(GroupSize.MayPublish(5, 40));
        Assert.False(GroupSize.MayPublish(12, 54));
    }
}
