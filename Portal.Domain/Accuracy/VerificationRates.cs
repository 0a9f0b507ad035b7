namespace Portal.Domain.Accuracy;

/// <summary>False match and false non-match rates at one threshold.</summary>
public sealed record VerificationRates(double Threshold, RateEstimate FalseMatch, RateEstimate FalseNonMatch)
{
    /// <summary>The share of all pairs decided rightly (genuine matched, impostor not); null without pairs.</summary>
    public double? Accuracy => FalseMatch.Trials + FalseNonMatch.Trials is var total and > 0
        ? (total - FalseMatch.Errors - FalseNonMatch.Errors) / (double)total
        : null;

    /// <summary>FMR = impostor pairs at or above the threshold / impostor pairs; FNMR = genuine pairs below it / genuine pairs.</summary>
    public static VerificationRates At(ScoreSets scores, double threshold) =>
        new(threshold,
            new RateEstimate(scores.ImpostorMatchesAt(threshold), scores.Impostor.Count),
            new RateEstimate(scores.GenuineMissesAt(threshold), scores.Genuine.Count));
}
