using Portal.Domain.Accuracy;

namespace Portal.Tests.Domain;

/// <summary>Pairs split by group value: a pair counts for a value only when both of its photos have it.</summary>
public sealed class GroupSplitTests
{
    // Six photos of three people. grp: X X X Y Y and one without a value; band: young, then old for the rest.
    private static readonly LabelledPhoto[] Photos =
    [
        Photo("a1.jpg", "a", "X", "young"),
        Photo("a2.jpg", "a", "X", "old"),
        Photo("b1.jpg", "b", "X", "old"),
        Photo("b2.jpg", "b", "Y", "old"),
        Photo("c1.jpg", "c", "Y", "old"),
        Photo("c2.jpg", "c", "", "old"),
    ];

    // The score of photos i and j is (i + j) / 10, so every pair's score is known by hand.
    private static readonly GroupedScores Split = GroupSplit.Of(Photos, ["grp", "band"], (i, j) => (i + j) / 10.0);

    [Fact]
    public void APairWithoutAScoreIsLeftOutButItsGroupValuesAreStillListed()
    {
        // Photo 0 (the only "young" one) has no usable face: the 5 pairs it is in go, 10 remain; genuine (2,3), (4,5).
        var split = GroupSplit.Of(Photos, ["grp", "band"], (i, j) => i == 0 ? null : (i + j) / 10.0);

        Assert.Equal((2, 8), (split.Overall.Genuine.Count, split.Overall.Impostor.Count));
        Assert.Contains(split.Groups, g => g is { Column: "band", Value: "young", Scores.Genuine.Count: 0, Scores.Impostor.Count: 0 });
    }

    [Fact]
    public void OverallEveryPairOfTwoPhotosCountsOnce()
    {
        // C(6,2) = 15 pairs; genuine (0,1), (2,3), (4,5) = 0.1, 0.5, 0.9; the other 12 are impostor pairs.
        Assert.Equal([0.1, 0.5, 0.9], Split.Overall.Genuine);
        Assert.Equal(12, Split.Overall.Impostor.Count);
    }

    [Fact]
    public void AGroupValueCountsOnlyPairsWhereBothPhotosHaveIt()
    {
        // grp X = photos 0, 1, 2: genuine (0,1) = 0.1; impostor (0,2) = 0.2, (1,2) = 0.3.
        // grp Y = photos 3, 4: one impostor pair (3,4) = 0.7. Photo 5 has no grp and is in neither.
        var x = Group("grp", "X");
        var y = Group("grp", "Y");

        Assert.Equal([0.1], x.Genuine);
        Assert.Equal([0.2, 0.3], x.Impostor);
        Assert.Empty(y.Genuine);
        Assert.Equal([0.7], y.Impostor);
        Assert.Equal(["X", "Y"], Split.Groups.Where(g => g.Column == "grp").Select(g => g.Value));
    }

    [Fact]
    public void AValueWithASinglePhotoIsListedWithNoPairs()
    {
        // band old = photos 1..5: C(5,2) = 10 pairs, genuine (2,3) and (4,5), 8 impostor. young = photo 0 alone.
        Assert.Equal((2, 8), (Group("band", "old").Genuine.Count, Group("band", "old").Impostor.Count));
        Assert.Equal((0, 0), (Group("band", "young").Genuine.Count, Group("band", "young").Impostor.Count));
    }

    [Fact]
    public void FiguresPerGroupAtAThreshold()
    {
        // At 0.25 in X: impostor 0.3 matches (1/2), genuine 0.1 is missed (1/1). In Y: impostor 0.7 matches (1/1) and
        // there is no genuine pair, so FNMR has no data.
        var x = AccuracyFigures.Of(Group("grp", "X"), 0.25);
        var y = AccuracyFigures.Of(Group("grp", "Y"), 0.25);

        Assert.Equal(new RateEstimate(1, 2), x.AtThreshold.FalseMatch);
        Assert.Equal(new RateEstimate(1, 1), x.AtThreshold.FalseNonMatch);
        Assert.Equal(new RateEstimate(1, 1), y.AtThreshold.FalseMatch);
        Assert.Null(y.AtThreshold.FalseNonMatch.Rate);
        Assert.All(x.ThresholdsForTargets, t => Assert.Equal(new NotEnoughImpostorPairs(t.TargetFalseMatchRate, 2, ThresholdSearch.ImpostorPairsNeeded(t.TargetFalseMatchRate)), t));
    }

    private static ScoreSets Group(string column, string value) =>
        Split.Groups.Single(g => g.Column == column && g.Value == value).Scores;

    private static LabelledPhoto Photo(string file, string identity, string grp, string band) =>
        new(file, identity, new Dictionary<string, string> { ["grp"] = grp, ["band"] = band });
}
