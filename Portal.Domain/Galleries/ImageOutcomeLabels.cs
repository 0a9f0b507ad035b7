namespace Portal.Domain.Galleries;

/// <summary>
/// A gallery photo's outcome and stage as a person reads them. The outcome alone cannot say whether a pending
/// photo is queued, being indexed or held, so screens show a photo's <see cref="PhotoState"/>; these are the words it
/// is made of, kept in one place so the two never drift apart.
/// </summary>
public static class ImageOutcomeLabels
{
    public static string Label(this ImageOutcome outcome) => outcome switch
    {
        ImageOutcome.Pending => "Not indexed yet",
        ImageOutcome.Indexed => PhotoStage.Indexed.Label(),
        ImageOutcome.NoFace => PhotoStage.NoFace.Label(),
        ImageOutcome.BelowQuality => PhotoStage.BelowQuality.Label(),
        ImageOutcome.Failed => PhotoStage.Failed.Label(),
        _ => outcome.ToString(),
    };

    public static string Label(this PhotoStage stage) => stage switch
    {
        PhotoStage.Queued => "Queued",
        PhotoStage.Indexing => "Indexing",
        PhotoStage.Held => "Held by moratorium",
        PhotoStage.Indexed => "Indexed",
        PhotoStage.NoFace => "No face found",
        PhotoStage.BelowQuality => "Faces below quality",
        PhotoStage.Failed => "Failed",
        _ => stage.ToString(),
    };
}
