namespace Portal.Domain.Cases;

/// <summary>A candidate's band as a person reads it, on the review screen, the disputes and the exports alike.</summary>
public static class CandidateBandLabels
{
    public static string Label(this CandidateBand band) => band switch
    {
        CandidateBand.Possible => "Possible",
        CandidateBand.Strong => "Strong",
        _ => band.ToString(),
    };
}
