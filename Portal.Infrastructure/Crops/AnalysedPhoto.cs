using Portal.Domain.Faces;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Portal.Infrastructure.Crops;

/// <summary>A stored photo a queue job has decoded and analysed, kept decoded until its faces' crops are cut.</summary>
public sealed class AnalysedPhoto(FaceAnalysis analysis, Image<Rgb24> image) : IDisposable
{
    public FaceAnalysis Analysis { get; } = analysis;

    internal Image<Rgb24> Image { get; } = image;

    public void Dispose() => Image.Dispose();
}
