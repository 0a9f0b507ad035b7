namespace Portal.Domain.Review;

/// <summary>
/// Review states, verdicts and stages as a person reads them. A state's label never says which way a first
/// review went: a colleague who also reviews could be reading.
/// </summary>
public static class ReviewLabels
{
    public static string Label(this ReviewState state) => state switch
    {
        ReviewState.Pending => "Awaiting review",
        ReviewState.PendingSecondReview => "Awaiting second review",
        ReviewState.Confirmed => "Confirmed lead",
        ReviewState.Rejected => "Rejected",
        ReviewState.Disputed => "Disputed: with a platform admin",
        _ => state.ToString(),
    };

    public static string Label(this ReviewVerdict verdict) => verdict switch
    {
        ReviewVerdict.Confirm => "Confirmed",
        ReviewVerdict.Reject => "Rejected",
        ReviewVerdict.Inconclusive => "Inconclusive",
        _ => verdict.ToString(),
    };

    public static string Label(this ReviewStage stage) => stage switch
    {
        ReviewStage.First => "First review",
        ReviewStage.Second => "Second review",
        ReviewStage.Admin => "Platform admin",
        _ => stage.ToString(),
    };
}
