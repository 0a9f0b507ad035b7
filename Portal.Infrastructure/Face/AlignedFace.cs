using System.Buffers;

namespace Portal.Infrastructure.Face;

/// <summary>
/// The 112×112 crop the embedder reads: landmarks moved onto the template by a similarity transform,
/// sampled from the full-resolution image. Also keeps a grey copy for the sharpness check.
/// Where the template reaches past the photo (tightly cropped faces: the 150×150 stills of the labelled set), the
/// photo is read mirrored at its edge. Repeating the edge pixel (the old way) smeared similar stripes across
/// every tight crop and lifted the highest impostor pair from 0.302 to 0.349; black (OpenCV's default) lowered
/// impostors but also genuine pairs (lowest 0.396 against 0.459). Measured with `plain-compare`, see
/// docs/face-threshold.md.
/// </summary>
internal sealed class AlignedFace : IDisposable
{
    public const int Size = 112;
    private const int Plane = Size * Size;

    private AlignedFace(float[] tensor, float[] grey, (float X, float Y)[] alignedPoints)
    {
        Tensor = tensor;
        Grey = grey;
        AlignedPoints = alignedPoints;
    }

    /// <summary>NCHW, RGB, (p − 127) / 128.</summary>
    public float[] Tensor { get; }

    public float[] Grey { get; }

    /// <summary>The five landmarks in the crop's frame (where the template expects them, give or take).</summary>
    public (float X, float Y)[] AlignedPoints { get; }

    /// <param name="mirrorOutside">
    /// Where the template reaches past the photo, read the photo mirrored at its edge (pipeline version 2) rather
    /// than its edge pixel repeated (version 1): repeated edges made unrelated tightly cropped faces look alike.
    /// </param>
    public static AlignedFace From(RgbFrame frame, (float X, float Y)[] fivePoints, bool mirrorOutside)
    {
        var view = frame.View;
        var transform = SimilarityTransform.Estimate(fivePoints, SimilarityTransform.Template);
        var footprint = transform.SourcePerTarget;
        // Pooled: a 112×112×3 float tensor is on the large-object heap, and one is made per face.
        var tensor = ArrayPool<float>.Shared.Rent(3 * Plane);
        var grey = ArrayPool<float>.Shared.Rent(Plane);
        for (var y = 0; y < Size; y++)
        for (var x = 0; x < Size; x++)
        {
            var (sx, sy) = transform.Invert(x, y);
            var (r, g, b) = view.Area(sx, sy, footprint, mirrorOutside);
            var at = y * Size + x;
            tensor[at] = (r - 127f) / 128f;
            tensor[Plane + at] = (g - 127f) / 128f;
            tensor[2 * Plane + at] = (b - 127f) / 128f;
            grey[at] = 0.299f * r + 0.587f * g + 0.114f * b;
        }
        var aligned = fivePoints.Select(p => transform.Apply(p.X, p.Y)).ToArray();
        return new AlignedFace(tensor, grey, aligned);
    }

    /// <summary>Variance of the 4-neighbour Laplacian over the crop: low when the face is blurred.</summary>
    public float Sharpness()
    {
        double sum = 0, sumSquares = 0;
        var n = 0;
        for (var y = 1; y < Size - 1; y++)
        for (var x = 1; x < Size - 1; x++)
        {
            var at = y * Size + x;
            double laplacian = Grey[at - 1] + Grey[at + 1] + Grey[at - Size] + Grey[at + Size] - 4 * Grey[at];
            sum += laplacian;
            sumSquares += laplacian * laplacian;
            n++;
        }
        var mean = sum / n;
        return (float)(sumSquares / n - mean * mean);
    }

    public void Dispose()
    {
        ArrayPool<float>.Shared.Return(Tensor);
        ArrayPool<float>.Shared.Return(Grey);
    }

    /// <summary>How far the nose sits from the eyes' midline, in eye distances; near 0 for a frontal face.</summary>
    public float YawRatio()
    {
        var (leftEye, rightEye, nose) = (AlignedPoints[0], AlignedPoints[1], AlignedPoints[2]);
        var eyeDistance = rightEye.X - leftEye.X;
        return eyeDistance <= 1e-3f ? float.PositiveInfinity : (nose.X - (leftEye.X + rightEye.X) / 2) / eyeDistance;
    }
}
