namespace Portal.Domain.Accuracy;

/// <summary>
/// An error rate as counted: <see cref="Errors"/> of <see cref="Trials"/> comparisons, with its 95 % interval.
/// <see cref="Rate"/> and <see cref="Interval"/> are null when there were no trials ("no data").
/// </summary>
public sealed record RateEstimate(int Errors, int Trials)
{
    public double? Rate => Trials == 0 ? null : Errors / (double)Trials;

    public ConfidenceInterval? Interval => WilsonInterval.Of(Errors, Trials);

    public bool HasData => Trials > 0;
}
