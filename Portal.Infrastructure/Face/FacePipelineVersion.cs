namespace Portal.Infrastructure.Face;

/// <summary>
/// What turns a photo into a stored embedding: the three models (pinned by hash in <see cref="ModelFiles"/>) and the
/// steps between them. The number changes whenever any step changes what an embedding means, so the published
/// accountability report always names the pipeline whose results it shows.
/// </summary>
/// <remarks>
/// A build computes every version from 1 to <see cref="Current"/>, and every embedding is labelled with the version
/// that computed it: probes with the version of the index they are searched in, new uploads once per version they are
/// stored under. Processes of different builds or settings share one database by these rules
/// (<see cref="PipelineVersionCheck"/>, docs/face-threshold.md): a start only starts or retargets a re-index towards
/// a version higher than both the active one and the re-index's target; a worker never claims a re-index towards a
/// version its build cannot compute; a process searches with the active version whatever its setting, and one whose
/// build cannot compute the active version refuses to search (its jobs wait for a process that can).
/// </remarks>
public static class FacePipelineVersion
{
    /// <summary>The newest version this build computes, and the one it re-indexes towards unless set lower.</summary>
    public const int Current = MirroredEdge;

    /// <summary>The first version: where the alignment template reaches past the photo, its edge pixel is repeated.</summary>
    public const int RepeatedEdge = 1;

    /// <summary>
    /// The version whose alignment reads the photo mirrored at its edge (highest impostor pair on the labelled
    /// photos 0.349 → 0.302, lowest genuine pair 0.445 → 0.459; docs/face-threshold.md).
    /// </summary>
    public const int MirroredEdge = 2;

    /// <summary>True for the versions this build can compute.</summary>
    public static bool IsComputable(int version) => version is >= RepeatedEdge and <= Current;

    /// <summary>Whether <paramref name="version"/>'s alignment mirrors the photo at its edge; refuses a version this build does not know.</summary>
    public static bool ReadsMirroredEdge(int version) => Require(version) >= MirroredEdge;

    /// <summary>The version itself, or a clear refusal: an embedding labelled with a version that did not compute it is worse than none.</summary>
    public static int Require(int version) => IsComputable(version) ? version
        : throw new UnknownPipelineVersionException(version);

    /// <summary>The steps in the order a photo takes them, as the accountability report prints them.</summary>
    public static IReadOnlyList<string> Steps { get; } =
    [
        "Decode JPEG or PNG under size limits, apply the EXIF orientation, drop all metadata",
        "Detect faces on a 320×240 view of the photo, tiling large photos so small faces are not missed",
        "Find 68 landmarks on a 64×64 grey copy of a square around each face (side = the face box's height); take five points (eyes, nose tip, mouth corners)",
        "Align the face to a 112×112 template with a least-squares similarity transform, sampled bilinearly (averaged over the footprint when shrinking a large face), where the template reaches past the photo reading it mirrored at its edge (version 1 repeated its edge pixel)",
        "Reject faces below the quality gates (size, detector confidence, turn, blur, feature strength)",
        "Embed the RGB face, scaled to (p − 127) / 128, with the recognition model (512 numbers); normalise to unit length (mirror augmentation is off by default); compare by cosine similarity",
    ];
}

/// <summary>Analysis was asked for with a pipeline version this build does not compute.</summary>
public sealed class UnknownPipelineVersionException(int version) : InvalidOperationException(
    $"Face pipeline version {version} is not one this build computes (versions {FacePipelineVersion.RepeatedEdge} to {FacePipelineVersion.Current}).")
{
    public int Version { get; } = version;
}
