namespace Portal.Domain.Galleries;

/// <summary>
/// A gallery photo's outcome as a person reads it. An indexed photo's face count and a held job's reason are
/// added by the screens that know them; this is the one word for the outcome itself.
/// </summary>
public static class ImageOutcomeLabels
{
    public static string Label(this ImageOutcome outcome) => outcome switch
    {
        ImageOutcome.Pending => "Waiting",
        ImageOutcome.Indexed => "Indexed",
        ImageOutcome.NoFace => "No face",
        ImageOutcome.BelowQuality => "Below quality",
        ImageOutcome.Failed => "Failed",
        _ => outcome.ToString(),
    };
}
