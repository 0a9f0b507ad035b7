using Portal.Domain.Faces;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Portal.Infrastructure.Crops;

/// <summary>
/// A stored photo a queue job has decoded and analysed, once per pipeline version it asked for, kept decoded until
/// its faces' crops are cut. The analyses share their detections: the i-th face is the same box in each.
/// </summary>
public sealed class AnalysedPhoto(IReadOnlyList<int> versions, IReadOnlyList<FaceAnalysis> analyses, Image<Rgb24> image) : IDisposable
{
    /// <summary>The analysis with the first version asked for.</summary>
    public FaceAnalysis Analysis => analyses[0];

    public IReadOnlyList<int> Versions { get; } = versions;

    /// <summary>The analysis computed with <paramref name="version"/>; only versions asked for were computed.</summary>
    public FaceAnalysis AnalysisAt(int version)
    {
        var at = Versions.ToList().IndexOf(version);
        return at >= 0 ? analyses[at] : throw new ArgumentOutOfRangeException(nameof(version), version, "This photo was not analysed with that pipeline version.");
    }

    internal Image<Rgb24> Image { get; } = image;

    public void Dispose() => Image.Dispose();
}
