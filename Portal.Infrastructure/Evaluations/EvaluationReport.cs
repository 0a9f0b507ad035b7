using System.Text.Json;
using Portal.Domain.Accuracy;

namespace Portal.Infrastructure.Evaluations;

/// <summary>
/// What is kept of an evaluation run: aggregates only. No file names (they can name people): photos that could not
/// be scored are counted, and refusals counted by the portal's reason.
/// </summary>
public sealed record EvaluationReport(float Threshold, int PipelineVersion, int Photos, int NoFace,
    IReadOnlyList<RefusalCount> Refused, IReadOnlyList<ReportSet> Sets)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    /// <summary>All pairs: the first set.</summary>
    public ReportSet Overall => Sets[0];

    public IEnumerable<ReportSet> Groups => Sets.Skip(1);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static EvaluationReport FromJson(string json) =>
        JsonSerializer.Deserialize<EvaluationReport>(json, Json) ?? throw new InvalidOperationException("An empty evaluation report.");

    public static ReportSet Set(string? column, string? value, AccuracyFigures figures, PeopleCount people) =>
        new(column, value, figures.GenuinePairs, figures.ImpostorPairs,
            ReportRate.Of(figures.AtThreshold.FalseMatch), ReportRate.Of(figures.AtThreshold.FalseNonMatch), figures.Auc,
            figures.ThresholdsForTargets.Select(ReportThreshold.Of).ToList(), figures.Det, figures.Histogram, people.People, people.GenuinePeople);
}

public sealed record RefusalCount(string Reason, int Photos);

/// <summary>
/// The figures of all pairs (Column null) or of one value of one group column. <see cref="People"/> (identities with a
/// usable face) and <see cref="GenuinePeople"/> (those with two or more usable photos) decide what may be published;
/// both are null in a report stored before they were counted (the public pages then fall back to the bound from pair counts).
/// </summary>
public sealed record ReportSet(string? Column, string? Value, int GenuinePairs, int ImpostorPairs, ReportRate FalseMatch,
    ReportRate FalseNonMatch, double? Auc, IReadOnlyList<ReportThreshold> Thresholds, IReadOnlyList<DetPoint> Det,
    IReadOnlyList<HistogramBin> Histogram, int? People = null, int? GenuinePeople = null)
{
    public string Label => Column is null ? "All pairs" : $"{Column} = {Value}";
}

/// <summary>A rate with its 95 % Wilson interval; Rate null when there were no trials.</summary>
public sealed record ReportRate(int Errors, int Trials, double? Rate, double? Lower, double? Upper)
{
    public static ReportRate Of(RateEstimate estimate) =>
        new(estimate.Errors, estimate.Trials, estimate.Rate, estimate.Interval?.Lower, estimate.Interval?.Upper);
}

/// <summary>The threshold for a target false match rate, or (Threshold null) not enough impostor pairs to say.</summary>
public sealed record ReportThreshold(double TargetFalseMatchRate, double? Threshold, int ImpostorPairs, int Needed)
{
    public bool Enough => Threshold is not null;

    public static ReportThreshold Of(ThresholdForTarget found) => found switch
    {
        ThresholdFound f => new(f.TargetFalseMatchRate, f.Threshold, f.Rates.FalseMatch.Trials, ThresholdSearch.ImpostorPairsNeeded(f.TargetFalseMatchRate)),
        NotEnoughImpostorPairs n => new(n.TargetFalseMatchRate, null, n.Available, n.Needed),
        _ => throw new ArgumentOutOfRangeException(nameof(found)),
    };
}
