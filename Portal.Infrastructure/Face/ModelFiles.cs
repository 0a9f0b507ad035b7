namespace Portal.Infrastructure.Face;

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
}
