namespace Portal.Infrastructure.Face;

/// <summary>One pinned model file as the public reports list it: what it does, its file name and the SHA-256 checked before loading.</summary>
public sealed record PinnedModel(string Role, string File, string Sha256);

/// <summary>The three pinned ONNX models, checked again at run time before loading (the build checked them too).</summary>
public static class ModelFiles
{
    public const string Detector = "fr_detect.onnx";
    public const string Landmarks = "fr_landmark.onnx";
    public const string Embedder = "fr_feature.onnx";

    public static IReadOnlyDictionary<string, string> Sha256 { get; } = new Dictionary<string, string>
    {
        [Detector] = "6c0256ccd3164f844736a401faf936ec2930764a87ae39442180887d0c5c8854",
        [Landmarks] = "f10b0ba1d2a8a099adefede1ebf3733e44fe370715e7303dbeb7f59c02142258",
        [Embedder] = "87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581",
    };

    /// <summary>The three files with their roles, in pipeline order: what /transparency and /accountability publish.</summary>
    public static IReadOnlyList<PinnedModel> Pinned { get; } =
    [
        new("Face detector", Detector, Sha256[Detector]),
        new("68-point face landmarks", Landmarks, Sha256[Landmarks]),
        new("Face recognition (512-number embedding)", Embedder, Sha256[Embedder]),
    ];
}
