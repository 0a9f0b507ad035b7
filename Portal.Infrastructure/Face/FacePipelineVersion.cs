namespace Portal.Infrastructure.Face;

/// <summary>
/// What turns a photo into a stored embedding: the three models (pinned by hash in <see cref="ModelFiles"/>) and the
/// steps between them. The number changes whenever any step changes what an embedding means, so the published
/// accountability report always names the pipeline whose results it shows.
/// </summary>
public static class FacePipelineVersion
{
    public const int Current = 1;

    /// <summary>The steps in the order a photo takes them, as the accountability report prints them.</summary>
    public static IReadOnlyList<string> Steps { get; } =
    [
        "Decode JPEG or PNG under size limits, apply the EXIF orientation, drop all metadata",
        "Detect faces on a 320×240 view of the photo, tiling large photos so small faces are not missed",
        "Find 68 landmarks on a square crop around each face; take five points (eyes, nose tip, mouth corners)",
        "Align the face to a 112×112 template with a least-squares similarity transform",
        "Reject faces below the quality gates (size, detector confidence, turn, blur, feature strength)",
        "Embed with the recognition model (512 numbers), normalise to unit length, compare by cosine similarity",
    ];
}
