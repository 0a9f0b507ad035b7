using Portal.Domain.Accuracy;

namespace Portal.Domain.Review;

/// <summary>
/// Confirmed out of (confirmed + rejected) reviewed leads, with a Wilson score 95 % interval: it stays inside [0, 1] and
/// is honest for small counts, where the plain p ± 1.96·√(p(1−p)/n) interval is not. Named apart from the evaluation
/// arithmetic in Portal.Domain/Accuracy, which measures the model on labelled photos rather than reviewers' decisions.
/// </summary>
public sealed record ConfirmationRate(int Confirmed, int Rejected)
{
    /// <summary>Below this many decided leads the page labels a figure as a small sample.</summary>
    public const int SmallSample = 5;

    public int Decided => Confirmed + Rejected;

    public bool IsSmallSample => Decided < SmallSample;

    /// <summary>Null when nothing was decided: no rate, rather than a rate of 0.</summary>
    public double? Rate => Decided == 0 ? null : (double)Confirmed / Decided;

    public (double Low, double High)? Interval => Wilson(Confirmed, Decided);

    /// <summary>The evaluation arithmetic's Wilson interval (one formula in the portal), as a (low, high) pair; null for no trials.</summary>
    public static (double Low, double High)? Wilson(int successes, int trials) =>
        trials > 0 && successes >= 0 && successes <= trials && WilsonInterval.Of(successes, trials) is { } interval
            ? (interval.Lower, interval.Upper)
            : null;
}
