namespace Portal.Domain.Transparency;

/// <summary>
/// Which of a set's two rates may be published under the small-count rule. The false match rate comes from pairs of
/// two people, so it needs <see cref="SmallCount.Threshold"/> people; the false non-match rate comes from genuine
/// pairs only, which only people with two or more usable photos give, so it needs that many of them: otherwise one
/// person with several photos among people with one photo each would publish that one person's result.
/// </summary>
public sealed record PublishableRates(bool FalseMatch, bool FalseNonMatch)
{
    /// <summary>
    /// <paramref name="people"/> and <paramref name="genuinePeople"/> are null for a report stored before they were
    /// counted: the people are then bounded from the pair counts (<see cref="GroupSize"/>), and the false non-match rate,
    /// whose people cannot be bounded from pairs, is never published.
    /// </summary>
    public static PublishableRates Of(int? people, int? genuinePeople, int genuinePairs, int impostorPairs)
    {
        var falseMatch = (people ?? GroupSize.FewestPeople(genuinePairs, impostorPairs)) >= SmallCount.Threshold;
        return new PublishableRates(falseMatch, falseMatch && genuinePeople >= SmallCount.Threshold);
    }
}
