namespace Portal.Domain.Transparency;

/// <summary>
/// The small-count rule for the groups of an evaluation report: a group value is published only when it provably
/// holds at least <see cref="SmallCount.Threshold"/> people. People, not photos: five photos of one person would
/// publish that one person's result under their group value (say, a skin tone), which is what the rule is there to
/// prevent. A stored report keeps only pair counts, so the number of people is bounded from them:
/// every two usable photos of a group form a pair, so n photos give genuine + impostor = n(n−1)/2 pairs, and the
/// people's photo counts k₁…k_p satisfy Σkᵢ = n and Σkᵢ² = n + 2·genuine; by Cauchy–Schwarz p ≥ n² / Σkᵢ².
/// The bound is exact when everyone has the same number of photos, and otherwise errs towards not publishing.
/// </summary>
public static class GroupSize
{
    /// <summary>The fewest people a group with these pair counts can hold (0 when the counts cannot come from whole photos).</summary>
    public static int FewestPeople(int genuinePairs, int impostorPairs)
    {
        if (genuinePairs < 0 || impostorPairs < 0)
            throw new ArgumentOutOfRangeException(nameof(genuinePairs), "A pair count is never negative.");
        long pairs = (long)genuinePairs + impostorPairs;
        var photos = (long)Math.Round((1 + Math.Sqrt(1 + 8.0 * pairs)) / 2);
        if (photos * (photos - 1) / 2 != pairs)
            return 0; // not every pair of some number of photos: nothing can be said, so nothing is published
        var sumOfSquares = photos + 2L * genuinePairs;
        return (int)((photos * photos + sumOfSquares - 1) / sumOfSquares);
    }

    /// <summary>Whether a group's figures may be published by value.</summary>
    public static bool MayPublish(int genuinePairs, int impostorPairs) => FewestPeople(genuinePairs, impostorPairs) >= SmallCount.Threshold;
}
