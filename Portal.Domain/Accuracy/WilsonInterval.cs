namespace Portal.Domain.Accuracy;

/// <summary>A 95 % confidence interval for a proportion.</summary>
public sealed record ConfidenceInterval(double Lower, double Upper);

/// <summary>
/// The Wilson score interval: unlike the normal approximation it stays inside [0, 1] and is sensible at 0 of n
/// and n of n, which is exactly where error rates live (a handful of false matches in thousands of pairs).
/// </summary>
public static class WilsonInterval
{
    /// <summary>The two-sided 95 % normal quantile.</summary>
    public const double Z95 = 1.959964;

    /// <summary>Null when there were no trials: "no data", never NaN.</summary>
    public static ConfidenceInterval? Of(int successes, int trials)
    {
        if (trials < 0 || successes < 0 || successes > trials)
            throw new ArgumentOutOfRangeException(nameof(successes), $"{successes} of {trials} is not a proportion.");
        if (trials == 0)
            return null;
        double n = trials, p = successes / n, z2 = Z95 * Z95;
        var centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        var half = Z95 / (1 + z2 / n) * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        // At the edges the formula's bound is 0 or 1 up to rounding; say so exactly.
        var lower = successes == 0 ? 0 : Math.Max(0, centre - half);
        var upper = successes == trials ? 1 : Math.Min(1, centre + half);
        return new ConfidenceInterval(lower, upper);
    }
}
