namespace Portal.Domain.Accuracy;

/// <summary>The portal's one rule for a comparison: a similarity at or above the threshold is a match (as the face index searches).</summary>
public static class MatchRule
{
    public static bool IsMatch(double score, double threshold) => score >= threshold;
}
