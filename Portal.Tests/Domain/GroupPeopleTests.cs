using Portal.Domain.Accuracy;

namespace Portal.Tests.Domain;

/// <summary>The people behind a set's figures, counted from the labels when the run scores the photos.</summary>
public sealed class GroupPeopleTests
{
    private static LabelledPhoto Photo(string identity, string sex, int n) =>
        new($"{identity}{n}.jpg", identity, new Dictionary<string, string> { ["sex"] = sex });

    [Fact]
    public void OnePersonWithFourPhotosAmongEightWithOneIsNinePeopleOfWhomOneGivesGenuinePairs()
    {
        List<LabelledPhoto> photos = [.. Enumerable.Range(1, 4).Select(n => Photo("ann", "f", n)), .. Enumerable.Range(1, 8).Select(n => Photo($"p{n}-", "f", 1))];

        var people = GroupPeople.Of(photos, ["sex"], _ => true);

        Assert.Equal(new PeopleCount(9, 1), people.Of("sex", "f"));
        Assert.Equal(new PeopleCount(9, 1), people.Overall);
    }

    [Fact]
    public void OnlyUsablePhotosCountAndAPhotoCountsOnlyUnderItsOwnValue()
    {
        // bo's second photo has no usable face; cy has one photo labelled f and one labelled m (no genuine pair in either).
        List<LabelledPhoto> photos = [Photo("al", "f", 1), Photo("al", "f", 2), Photo("bo", "f", 1), Photo("bo", "f", 2), Photo("cy", "f", 1), Photo("cy", "m", 2)];

        var people = GroupPeople.Of(photos, ["sex"], i => i != 3);

        Assert.Equal(new PeopleCount(3, 1), people.Of("sex", "f"));
        Assert.Equal(new PeopleCount(1, 0), people.Of("sex", "m"));
        Assert.Equal(new PeopleCount(3, 2), people.Overall);
        Assert.Equal(PeopleCount.None, people.Of("sex", "x"));
    }
}
