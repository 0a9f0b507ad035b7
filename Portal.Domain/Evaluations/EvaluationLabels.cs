namespace Portal.Domain.Evaluations;

/// <summary>How an evaluation run's state reads on the admin pages.</summary>
public static class EvaluationLabels
{
    public static string Label(this EvaluationState state) => state switch
    {
        EvaluationState.Queued => "Waiting on the queue",
        EvaluationState.Running => "Running",
        EvaluationState.Completed => "Done",
        EvaluationState.Failed => "Failed",
        _ => "Unknown",
    };
}
