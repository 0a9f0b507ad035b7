namespace Portal.Domain.Faces;

/// <summary>
/// Why a face was not used, in a few words. The measured reasons (with numbers) stay in
/// <see cref="FaceQuality.Reasons"/>; this is the short name a list or a filter shows.
/// </summary>
public static class QualityIssueLabels
{
    public static string Label(this QualityIssue issue) => issue switch
    {
        QualityIssue.TooSmall => "Face too small",
        QualityIssue.LowDetectionScore => "Unsure it is a face",
        QualityIssue.StrongYaw => "Face turned too far",
        QualityIssue.Blurry => "Blurry",
        QualityIssue.NotFaceLike => "Does not look like a face",
        _ => issue.ToString(),
    };
}
