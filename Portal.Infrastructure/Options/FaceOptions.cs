using System.ComponentModel.DataAnnotations;

namespace Portal.Infrastructure.Options;

public enum TilingMode
{
    /// <summary>Tile large images unless the full frame already shows a face that fills much of it.</summary>
    Auto,
    Always,
    Never,
}

/// <summary>Section "Portal:Face": the face engine.</summary>
public sealed class FaceOptions
{
    public const string Section = "Portal:Face";

    /// <summary>Folder of the three ONNX models; relative paths are under the application's folder.</summary>
    [Required]
    public string ModelDirectory { get; set; } = "models";

    /// <summary>Threads one model run may use. Several runs in parallel (queue workers) want 1.</summary>
    [Range(1, 64)]
    public int IntraOpThreads { get; set; } = 1;

    [Range(0.05, 0.99)]
    public float DetectionThreshold { get; set; } = 0.65f;

    [Range(0.05, 0.95)]
    public float NmsIouThreshold { get; set; } = 0.4f;

    public TilingMode Tiling { get; set; } = TilingMode.Auto;

    /// <summary>A face whose box is shorter than this on its shorter side is too small to compare.</summary>
    [Range(8, 400)]
    public int MinFaceSize { get; set; } = 40;

    [Range(0.05, 0.999)]
    public float MinQualityScore { get; set; } = 0.8f;

    /// <summary>Nose offset from the eyes' midline over the eye distance; beyond this the face is turned too far.</summary>
    [Range(0.05, 2.0)]
    public float MaxYawRatio { get; set; } = 0.45f;

    /// <summary>Variance of the Laplacian of the aligned grey face; below this it is too blurred.</summary>
    [Range(0.0, 10_000.0)]
    public float MinSharpness { get; set; } = 20f;

    /// <summary>
    /// Raw embedding length below which the "face" is something else. On the labelled photos real faces measure
    /// 2.4 and more; the two textures the detector took for faces, 1.4 and 1.6.
    /// </summary>
    [Range(0.0, 100.0)]
    public float MinFeatureStrength { get; set; } = 2.0f;

    /// <summary>
    /// Embed each aligned face and its mirror image and keep the renormalised mean (measured in
    /// docs/face-threshold.md). Changes what an embedding means: stored faces must be embedded the same way.
    /// </summary>
    public bool MirrorAugmentation { get; set; }

    /// <summary>Cosine similarity a candidate must reach; chosen on the labelled photos (see docs/face-threshold.md).</summary>
    [Range(0.0, 1.0)]
    public float DefaultThreshold { get; set; } = 0.40f;

    /// <summary>
    /// The version this process re-indexes towards: <see cref="Face.FacePipelineVersion.Current"/>, or a lower one
    /// (1, to compare with the version before the mirrored edge; tests run a change of version with it). A start with
    /// a version higher than both the active one and any re-index's target queues the re-index; a lower one starts
    /// nothing, and searches still use the active version (<see cref="Face.PipelineVersionCheck"/>).
    /// </summary>
    [Range(1, 1_000_000)]
    public int PipelineVersion { get; set; } = Face.FacePipelineVersion.Current;
}
