namespace Portal.Domain.Queue;

/// <summary>Job states and kinds as a person reads them; the enums' own names ("DeadLettered") are never shown.</summary>
public static class JobLabels
{
    public static string Label(this JobState state) => state switch
    {
        JobState.Queued => "Queued",
        JobState.Running => "Running",
        JobState.Succeeded => "Done",
        JobState.DeadLettered => "Failed",
        JobState.HeldByMoratorium => "Held by moratorium",
        JobState.Cancelled => "Cancelled",
        _ => state.ToString(),
    };

    public static string Label(this JobKind kind) => kind switch
    {
        JobKind.IndexGalleryImage => "Index a gallery photo",
        JobKind.SearchProbe => "Search with a probe photo",
        JobKind.SearchTemplate => "Search with several photos of one person",
        JobKind.RetentionSweep => "Apply the retention schedule",
        JobKind.Erase => "Erase biometric data",
        JobKind.Evaluate => "Run an evaluation set",
        JobKind.Reindex => "Re-embed every stored photo for a new face pipeline",
        _ => kind.ToString(),
    };
}
