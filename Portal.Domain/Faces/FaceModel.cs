namespace Portal.Domain.Faces;

/// <summary>An axis-aligned box in image pixels.</summary>
public readonly record struct FaceBox(float X, float Y, float Width, float Height)
{
    public float ShorterSide => Math.Min(Width, Height);
}

public readonly record struct FacePoint(float X, float Y);

/// <summary>Why a face is not good enough to index or search with. Each is a reason a person reads.</summary>
public enum QualityIssue
{
    TooSmall,
    LowDetectionScore,
    StrongYaw,
    Blurry,
    NotFaceLike,
}

/// <summary>The verdict on one face: passed, or the reasons it did not, with the measurements behind it.</summary>
public sealed record FaceQuality(IReadOnlyList<QualityIssue> Issues, IReadOnlyList<string> Reasons, QualityMeasures Measures)
{
    public bool Passed => Issues.Count == 0;

    /// <summary>False when the detection was most likely not a face at all (as opposed to a poor face).</summary>
    public bool IsFace => !Issues.Contains(QualityIssue.NotFaceLike) && !Issues.Contains(QualityIssue.LowDetectionScore);
}

/// <summary>
/// Sharpness: variance of the Laplacian of the aligned grey face. Yaw: the nose's offset from the eyes'
/// midline in eye distances. Strength: the length of the recognition model's raw output, short for things
/// that are not faces (null when the face failed before it was embedded).
/// </summary>
public sealed record QualityMeasures(float Sharpness, float YawRatio, float? Strength);

/// <summary>
/// One face found in an image. Every detected face is reported, with its quality verdict; the embedding
/// (512 numbers, unit length) is present only for faces that passed.
/// </summary>
public sealed record AnalysedFace(
    FaceBox Box,
    float DetectionScore,
    IReadOnlyList<FacePoint> Landmarks,
    FaceQuality Quality,
    float[]? Embedding);

public sealed record FaceAnalysis(int Width, int Height, IReadOnlyList<AnalysedFace> Faces);
