namespace Portal.Domain.Accuracy;

/// <summary>What the search for a threshold giving a target false match rate found.</summary>
public abstract record ThresholdForTarget(double TargetFalseMatchRate);

/// <summary>The lowest threshold whose false match rate is at most the target, and the rates there.</summary>
public sealed record ThresholdFound(double TargetFalseMatchRate, double Threshold, VerificationRates Rates)
    : ThresholdForTarget(TargetFalseMatchRate);

/// <summary>Too few impostor pairs to say anything about so small a rate: <see cref="Available"/> of the <see cref="Needed"/>.</summary>
public sealed record NotEnoughImpostorPairs(double TargetFalseMatchRate, int Available, int Needed)
    : ThresholdForTarget(TargetFalseMatchRate);

public static class ThresholdSearch
{
    /// <summary>
    /// The rule of three: with n impostor pairs and no false match seen, the 95 % upper bound on the rate is about
    /// 3/n. Below n = 3/target the data cannot tell a rate of the target from zero, so no threshold is claimed.
    /// The small subtraction keeps 3/0.01 (299.99999999999994 or 300.00000000000006 in floating point) at 300.
    /// </summary>
    public static int ImpostorPairsNeeded(double target)
    {
        if (!(target > 0 && target < 1))
            throw new ArgumentOutOfRangeException(nameof(target), "A target false match rate lies between 0 and 1.");
        return (int)Math.Ceiling(3 / target - 1e-9);
    }

    /// <summary>
    /// The lowest observed score (genuine or impostor) used as a threshold whose FMR is at most the target. The FMR
    /// only falls as the threshold rises, so a binary search over the sorted candidates finds it. When even the
    /// highest score is too low (the top score is an impostor's), the next number above the highest impostor score.
    /// </summary>
    public static ThresholdForTarget For(ScoreSets scores, double target)
    {
        var needed = ImpostorPairsNeeded(target);
        var impostors = scores.Impostor.Count;
        if (impostors < needed)
            return new NotEnoughImpostorPairs(target, impostors, needed);

        var candidates = scores.Genuine.Concat(scores.Impostor).Distinct().Order().ToArray();
        int low = 0, high = candidates.Length;
        while (low < high)
        {
            var middle = low + (high - low) / 2;
            if (scores.ImpostorMatchesAt(candidates[middle]) / (double)impostors <= target)
                high = middle;
            else
                low = middle + 1;
        }
        var threshold = low < candidates.Length ? candidates[low] : Math.BitIncrement(scores.Impostor[^1]);
        return new ThresholdFound(target, threshold, VerificationRates.At(scores, threshold));
    }
}
