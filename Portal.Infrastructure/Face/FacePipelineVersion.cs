namespace Portal.Infrastructure.Face;

/// <summary>
/// What turns a photo into a stored embedding: the three models (pinned by hash in <see cref="ModelFiles"/>) and the
/// steps between them. The number changes whenever any step changes what an embedding means, so the published
/// accountability report always names the pipeline whose results it shows.
/// </summary>
public static class FacePipelineVersion
{
    public const int Current = 1;

    /// <summary>
    /// The version whose alignment reads the photo mirrored at its edge (highest impostor pair on the labelled
    /// photos 0.349 → 0.302, lowest genuine pair 0.445 → 0.459; docs/face-threshold.md). Opt-in through
    /// Portal:Face:PipelineVersion until a build can embed probes with the version searches still use while a
    /// re-index runs; then it becomes <see cref="Current"/>.
    /// </summary>
    public const int MirroredEdge = 2;

    public static bool ReadsMirroredEdge(int version) => version >= MirroredEdge;

    /// <summary>The steps in the order a photo takes them, as the accountability report prints them.</summary>
    public static IReadOnlyList<string> Steps { get; } =
    [
        "Decode JPEG or PNG under size limits, apply the EXIF orientation, drop all metadata",
        "Detect faces on a 320×240 view of the photo, tiling large photos so small faces are not missed",
        "Find 68 landmarks on a 64×64 grey copy of a square around each face (side = the face box's height); take five points (eyes, nose tip, mouth corners)",
        "Align the face to a 112×112 template with a least-squares similarity transform, sampled bilinearly (averaged over the footprint when shrinking a large face), where the template reaches past the photo repeating its edge pixel (version 2: reading it mirrored at its edge)",
        "Reject faces below the quality gates (size, detector confidence, turn, blur, feature strength)",
        "Embed the RGB face, scaled to (p − 127) / 128, with the recognition model (512 numbers); normalise to unit length (mirror augmentation is off by default); compare by cosine similarity",
    ];
}
