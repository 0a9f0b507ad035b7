using Portal.Infrastructure.Face;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Portal.Benchmarks.Support;

/// <summary>
/// A deliberately plain re-implementation of the face pipeline on the same three models, written without the
/// portal's optimisations (no overview, no tiles, no area sampling, no crop clamping), as the yardstick the
/// portal's pipeline is compared with step by step: detect on the whole photo stretched to 320×240 → square
/// landmark crop (side = box height, centred on the box, black outside the photo) → five points → Umeyama
/// similarity → bilinear 112×112 warp (black outside) → RGB, (p − 127) / 128 → embed → L2 normalise.
/// </summary>
internal sealed class PlainPipeline : IDisposable
{
    private const int DetectWidth = 320;
    private const int DetectHeight = 240;
    private const int LandmarkSize = 64;
    public const int AlignedSize = 112;

    private readonly OnnxModel _detector;
    private readonly OnnxModel _landmarker;
    private readonly OnnxModel _embedder;

    private readonly Border _landmarkBorder;

    public PlainPipeline(string modelDirectory, Border landmarkBorder = Border.Black)
    {
        _landmarkBorder = landmarkBorder;
        _detector = new OnnxModel(Path.Combine(modelDirectory, ModelFiles.Detector), 1);
        _landmarker = new OnnxModel(Path.Combine(modelDirectory, ModelFiles.Landmarks), 1);
        _embedder = new OnnxModel(Path.Combine(modelDirectory, ModelFiles.Embedder), 1);
    }

    /// <summary>What each step produced for the best face of a photo (highest detection score, then size).</summary>
    public sealed record Result(
        (float X1, float Y1, float X2, float Y2, float Score) Box,
        (float X, float Y)[] FivePoints,
        (double A, double B, double Tx, double Ty) Transform,
        float[] Aligned,
        float[] Embedding,
        float[] MirroredEmbedding);

    /// <summary>The embedding (and its mirror-averaged form) of the same face warped with another border.</summary>
    public (float[] Embedding, float[] Mirrored) WithBorder(Image<Rgb24> image, Result result, Border border)
    {
        var aligned = Warp(image, result.Transform, border);
        var embedding = Embed(aligned);
        return (embedding, MirrorAverage(embedding, Embed(Mirror(aligned))));
    }

    public Result? Run(Image<Rgb24> image)
    {
        var boxes = Detect(image);
        if (boxes.Count == 0)
            return null;
        var box = boxes.OrderByDescending(b => b.Score).ThenByDescending(b => (b.X2 - b.X1) * (b.Y2 - b.Y1)).First();
        var points = FivePoints(Landmarks(image, box));
        var transform = Umeyama(points, SimilarityTransform.Template);
        var aligned = Warp(image, transform);
        var embedding = Embed(aligned);
        var mirrored = Embed(Mirror(aligned));
        return new Result(box, points, transform, aligned, embedding, MirrorAverage(embedding, mirrored));
    }

    /// <summary>Mean of a face's embedding and its mirror image's, renormalised.</summary>
    public static float[] MirrorAverage(float[] embedding, float[] mirrored)
    {
        var sum = embedding.Zip(mirrored, (a, b) => a + b).ToArray();
        FaceEmbedder.Normalise(sum);
        return sum;
    }

    private List<(float X1, float Y1, float X2, float Y2, float Score)> Detect(Image<Rgb24> image)
    {
        using var small = image.Clone(x => x.Resize(new ResizeOptions
        {
            Size = new Size(DetectWidth, DetectHeight), Mode = ResizeMode.Stretch, Sampler = KnownResamplers.Triangle,
        }));
        var input = ToPlanes(small, p => (p - 127f) / 128f);
        float[] scores = [], boxes = [];
        _detector.Run(input, (name, values) =>
        {
            if (name == "scores") scores = values.ToArray(); else boxes = values.ToArray();
        });
        var found = new List<(float X1, float Y1, float X2, float Y2, float Score)>();
        for (var i = 0; i < scores.Length / 2; i++)
        {
            if (scores[2 * i + 1] < 0.65f)
                continue;
            found.Add((boxes[4 * i] * image.Width, boxes[4 * i + 1] * image.Height,
                boxes[4 * i + 2] * image.Width, boxes[4 * i + 3] * image.Height, scores[2 * i + 1]));
        }
        var kept = new List<(float X1, float Y1, float X2, float Y2, float Score)>();
        foreach (var candidate in found.OrderByDescending(f => f.Score))
            if (kept.All(k => IoU(k, candidate) <= 0.4f))
                kept.Add(candidate);
        return kept;
    }

    private static float IoU((float X1, float Y1, float X2, float Y2, float Score) a, (float X1, float Y1, float X2, float Y2, float Score) b)
    {
        var w = Math.Min(a.X2, b.X2) - Math.Max(a.X1, b.X1);
        var h = Math.Min(a.Y2, b.Y2) - Math.Max(a.Y1, b.Y1);
        if (w <= 0 || h <= 0)
            return 0;
        var i = w * h;
        return i / ((a.X2 - a.X1) * (a.Y2 - a.Y1) + (b.X2 - b.X1) * (b.Y2 - b.Y1) - i);
    }

    /// <summary>68 points from a square crop (side = box height, centred on the box), black where it leaves the photo.</summary>
    private (float X, float Y)[] Landmarks(Image<Rgb24> image, (float X1, float Y1, float X2, float Y2, float Score) box)
    {
        var side = (int)MathF.Round(box.Y2 - box.Y1);
        var left = (int)MathF.Round((box.X1 + box.X2) / 2 - side / 2f);
        var top = (int)MathF.Round((box.Y1 + box.Y2) / 2 - side / 2f);
        using var crop = new Image<Rgb24>(side, side);
        for (var y = 0; y < side; y++)
        for (var x = 0; x < side; x++)
        {
            int sx = left + x, sy = top + y;
            if (sx >= 0 && sy >= 0 && sx < image.Width && sy < image.Height)
                crop[x, y] = image[sx, sy];
            else if (_landmarkBorder == Border.Grey)
                crop[x, y] = new Rgb24(127, 127, 127);
            else if (_landmarkBorder != Border.Black)
                crop[x, y] = image[Outside(sx, image.Width, _landmarkBorder), Outside(sy, image.Height, _landmarkBorder)];
        }
        crop.Mutate(c => c.Resize(new ResizeOptions { Size = new Size(LandmarkSize, LandmarkSize), Mode = ResizeMode.Stretch, Sampler = KnownResamplers.Triangle }));
        var input = new float[LandmarkSize * LandmarkSize];
        for (var y = 0; y < LandmarkSize; y++)
        for (var x = 0; x < LandmarkSize; x++)
        {
            var p = crop[x, y];
            input[y * LandmarkSize + x] = (0.299f * p.R + 0.587f * p.G + 0.114f * p.B) / 256f;
        }
        var points = new (float X, float Y)[68];
        _landmarker.Run(input, (_, values) =>
        {
            for (var i = 0; i < 68; i++)
                points[i] = (left + values[2 * i] * side, top + values[2 * i + 1] * side);
        });
        return points;
    }

    private static (float X, float Y)[] FivePoints((float X, float Y)[] p)
    {
        static (float X, float Y) Mean(params (float X, float Y)[] q) => (q.Average(v => v.X), q.Average(v => v.Y));
        return [Mean(p[37], p[38], p[40], p[41]), Mean(p[43], p[44], p[46], p[47]), p[30], Mean(p[48], p[60]), Mean(p[54], p[64])];
    }

    /// <summary>Umeyama (1991) for a 2-D similarity without reflection: x' = a·x − b·y + tx, y' = b·x + a·y + ty.</summary>
    public static (double A, double B, double Tx, double Ty) Umeyama((float X, float Y)[] from, (float X, float Y)[] to)
    {
        double mfx = from.Average(p => p.X), mfy = from.Average(p => p.Y), mtx = to.Average(p => p.X), mty = to.Average(p => p.Y);
        // Covariance Σ = (1/n) Σ (t − μt)(f − μf)ᵀ and source variance σ².
        double sxx = 0, sxy = 0, syx = 0, syy = 0, variance = 0;
        for (var i = 0; i < from.Length; i++)
        {
            double fx = from[i].X - mfx, fy = from[i].Y - mfy, tx = to[i].X - mtx, ty = to[i].Y - mty;
            sxx += tx * fx; sxy += tx * fy; syx += ty * fx; syy += ty * fy;
            variance += fx * fx + fy * fy;
        }
        // For 2×2 the rotation maximising trace(RᵀΣ) is the angle atan2(syx − sxy, sxx + syy); scale = trace(DS)/σ².
        var angle = Math.Atan2(syx - sxy, sxx + syy);
        var scale = Math.Sqrt((sxx + syy) * (sxx + syy) + (syx - sxy) * (syx - sxy)) / variance;
        double a = scale * Math.Cos(angle), b = scale * Math.Sin(angle);
        return (a, b, mtx - (a * mfx - b * mfy), mty - (b * mfx + a * mfy));
    }

    /// <summary>Bilinear warp of the photo into the 112×112 template frame, black outside; NCHW RGB (p − 127) / 128.</summary>
    public static float[] Warp(Image<Rgb24> image, (double A, double B, double Tx, double Ty) t, Border border = Border.Black)
    {
        const int plane = AlignedSize * AlignedSize;
        var tensor = new float[3 * plane];
        var det = t.A * t.A + t.B * t.B;
        for (var y = 0; y < AlignedSize; y++)
        for (var x = 0; x < AlignedSize; x++)
        {
            double dx = x - t.Tx, dy = y - t.Ty;
            var sx = (t.A * dx + t.B * dy) / det;
            var sy = (-t.B * dx + t.A * dy) / det;
            var (r, g, b) = Bilinear(image, sx, sy, border);
            var at = y * AlignedSize + x;
            tensor[at] = (r - 127f) / 128f;
            tensor[plane + at] = (g - 127f) / 128f;
            tensor[2 * plane + at] = (b - 127f) / 128f;
        }
        return tensor;
    }

    /// <summary>What a warp reads outside the photo: black (OpenCV's default), mid-grey, the edge pixel, or the mirror of the inside.</summary>
    public enum Border { Black, Grey, Replicate, Reflect }

    private static (float R, float G, float B) Bilinear(Image<Rgb24> image, double x, double y, Border border)
    {
        int x0 = (int)Math.Floor(x), y0 = (int)Math.Floor(y);
        float fx = (float)(x - x0), fy = (float)(y - y0);
        float r = 0, g = 0, b = 0;
        foreach (var (px, py, w) in new[] { (x0, y0, (1 - fx) * (1 - fy)), (x0 + 1, y0, fx * (1 - fy)), (x0, y0 + 1, (1 - fx) * fy), (x0 + 1, y0 + 1, fx * fy) })
        {
            var inside = px >= 0 && py >= 0 && px < image.Width && py < image.Height;
            if (!inside && border == Border.Grey)
            {
                r += w * 127; g += w * 127; b += w * 127;
                continue;
            }
            if (!inside && border == Border.Black)
                continue;
            var p = inside ? image[px, py] : image[Outside(px, image.Width, border), Outside(py, image.Height, border)];
            r += w * p.R; g += w * p.G; b += w * p.B;
        }
        return (r, g, b);
    }

    private static int Outside(int at, int length, Border border)
    {
        if (border == Border.Replicate)
            return Math.Clamp(at, 0, length - 1);
        // Reflect about the edge pixel's outer side (OpenCV's BORDER_REFLECT), folded until inside.
        while (at < 0 || at >= length)
            at = at < 0 ? -at - 1 : 2 * length - at - 1;
        return at;
    }

    public static float[] Mirror(float[] tensor)
    {
        var mirrored = new float[tensor.Length];
        for (var row = 0; row < tensor.Length / AlignedSize; row++)
        for (var x = 0; x < AlignedSize; x++)
            mirrored[row * AlignedSize + x] = tensor[row * AlignedSize + AlignedSize - 1 - x];
        return mirrored;
    }

    public float[] Embed(float[] tensor)
    {
        var embedding = new float[FaceEmbedder.Dimensions];
        _embedder.Run(tensor, (_, values) => values[..FaceEmbedder.Dimensions].CopyTo(embedding));
        FaceEmbedder.Normalise(embedding);
        return embedding;
    }

    private static float[] ToPlanes(Image<Rgb24> image, Func<float, float> scale)
    {
        var plane = image.Width * image.Height;
        var input = new float[3 * plane];
        for (var y = 0; y < image.Height; y++)
        for (var x = 0; x < image.Width; x++)
        {
            var p = image[x, y];
            var at = y * image.Width + x;
            input[at] = scale(p.R);
            input[plane + at] = scale(p.G);
            input[2 * plane + at] = scale(p.B);
        }
        return input;
    }

    public void Dispose()
    {
        _detector.Dispose();
        _landmarker.Dispose();
        _embedder.Dispose();
    }
}
