using System.Buffers;
using Portal.Infrastructure.Options;

namespace Portal.Infrastructure.Face;

/// <summary>
/// Runs the detector (fixed 320×240 input) on the whole image, stretched to that shape as the model's own
/// code does, and on overlapping tiles when faces of a usable size would shrink under about 20 pixels there.
/// </summary>
internal sealed class FaceDetector(OnnxModel model, FaceOptions options)
{
    private const int InputWidth = 320;
    private const int InputHeight = 240;
    private const int Plane = InputWidth * InputHeight;

    /// <summary>The detector's fixed number of prior boxes.</summary>
    private const int Anchors = 4420;

    /// <summary>Tiles are sized so a face of the minimum usable size is about 20 px at the detector's input.</summary>
    private const float TileScale = 2f;

    /// <summary>
    /// Faces in <paramref name="frame"/>, in its pixels. The whole-image pass may read <paramref name="overview"/>,
    /// a copy shrunk by <paramref name="factor"/>: a large photo is stretched to 320×240 anyway, and the shrunk
    /// copy is both faster to sample and free of the aliasing that makes textures look like faces.
    /// </summary>
    public List<Detection> Detect(RgbFrame frame, RgbFrame overview, int factor)
    {
        var found = DetectIn(overview, new Region(0, 0, overview.Width, overview.Height), dropAtInnerEdges: false)
            .Select(d => d.Enlarged(factor)).ToList();
        if (NeedsTiles(frame, found))
        {
            foreach (var tile in Tiles(frame.Width, frame.Height))
                found.AddRange(DetectIn(frame, tile, dropAtInnerEdges: true));
        }
        return Detection.Suppress(found, options.NmsIouThreshold);
    }

    private bool NeedsTiles(RgbFrame frame, List<Detection> found)
    {
        var scale = Math.Max(frame.Width / (float)InputWidth, frame.Height / (float)InputHeight);
        var portraitSize = 0.25f * Math.Min(frame.Width, frame.Height);
        return options.Tiling switch
        {
            TilingMode.Never => false,
            TilingMode.Always => scale > TileScale,
            // A face filling a quarter of the shorter side means a portrait or close-up: no crowd to tile for.
            _ => scale > TileScale && !found.Any(f => f.Height >= portraitSize),
        };
    }

    private static IEnumerable<Region> Tiles(int width, int height)
    {
        const int tileWidth = (int)(InputWidth * TileScale);
        const int tileHeight = (int)(InputHeight * TileScale);
        const int stepX = tileWidth * 3 / 4;
        const int stepY = tileHeight * 3 / 4;
        foreach (var y in Starts(height, tileHeight, stepY))
        foreach (var x in Starts(width, tileWidth, stepX))
            yield return new Region(x, y, Math.Min(tileWidth, width - x), Math.Min(tileHeight, height - y));
    }

    private static IEnumerable<int> Starts(int length, int tile, int step)
    {
        if (length <= tile)
        {
            yield return 0;
            yield break;
        }
        for (var start = 0; ; start += step)
        {
            if (start + tile >= length)
            {
                yield return length - tile;
                yield break;
            }
            yield return start;
        }
    }

    private List<Detection> DetectIn(RgbFrame frame, Region region, bool dropAtInnerEdges)
    {
        var input = ArrayPool<float>.Shared.Rent(model.InputLength);
        try
        {
            Fill(frame, region, input);
            var scores = ArrayPool<float>.Shared.Rent(2 * Anchors);
            var boxes = ArrayPool<float>.Shared.Rent(4 * Anchors);
            try
            {
                model.Run(input, (name, values) => values.CopyTo(name == "scores" ? scores : boxes));
                return Decode(scores.AsSpan(0, 2 * Anchors), boxes, region, frame, dropAtInnerEdges);
            }
            finally
            {
                ArrayPool<float>.Shared.Return(scores);
                ArrayPool<float>.Shared.Return(boxes);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(input);
        }
    }

    /// <summary>
    /// Stretches the region to the input, as the model's own code does (letterboxing measured worse on the
    /// labelled photos): NCHW, RGB, (p − 127) / 128.
    /// </summary>
    private static void Fill(RgbFrame frame, Region region, float[] input)
    {
        var view = frame.View;
        var sx = region.Width / (float)InputWidth;
        var sy = region.Height / (float)InputHeight;
        var footprint = Math.Max(sx, sy);
        if (footprint >= 2.5f)
        {
            for (var y = 0; y < InputHeight; y++)
            for (var x = 0; x < InputWidth; x++)
                Store(input, y * InputWidth + x, view.Area(region.X + (x + 0.5f) * sx - 0.5f, region.Y + (y + 0.5f) * sy - 0.5f, footprint));
            return;
        }
        // Every row samples the same columns: their positions are worked out once.
        Span<float> columns = stackalloc float[InputWidth];
        for (var x = 0; x < InputWidth; x++)
            columns[x] = region.X + (x + 0.5f) * sx - 0.5f;
        for (var y = 0; y < InputHeight; y++)
        {
            var sourceY = region.Y + (y + 0.5f) * sy - 0.5f;
            var row = y * InputWidth;
            for (var x = 0; x < InputWidth; x++)
                Store(input, row + x, view.Bilinear(columns[x], sourceY));
        }
    }

    private static void Store(float[] input, int at, (float R, float G, float B) pixel)
    {
        input[at] = (pixel.R - 127f) / 128f;
        input[Plane + at] = (pixel.G - 127f) / 128f;
        input[2 * Plane + at] = (pixel.B - 127f) / 128f;
    }

    /// <summary>Boxes come already decoded as fractions of the 320×240 input; scores are softmaxed (column 1 = face).</summary>
    private List<Detection> Decode(ReadOnlySpan<float> scores, float[] boxes, Region region, RgbFrame frame, bool dropAtInnerEdges)
    {
        var found = new List<Detection>();
        var count = scores.Length / 2;
        var margin = 2f;
        for (var i = 0; i < count; i++)
        {
            var score = scores[2 * i + 1];
            if (score < options.DetectionThreshold)
                continue;
            var x1 = region.X + boxes[4 * i] * region.Width;
            var y1 = region.Y + boxes[4 * i + 1] * region.Height;
            var x2 = region.X + boxes[4 * i + 2] * region.Width;
            var y2 = region.Y + boxes[4 * i + 3] * region.Height;
            if (x2 <= x1 || y2 <= y1)
                continue;
            // A face cut by a tile's inner edge is found whole by a neighbouring tile or the full frame.
            if (dropAtInnerEdges &&
                ((x1 <= region.X + margin && region.X > 0) || (y1 <= region.Y + margin && region.Y > 0)
                 || (x2 >= region.X + region.Width - margin && region.X + region.Width < frame.Width)
                 || (y2 >= region.Y + region.Height - margin && region.Y + region.Height < frame.Height)))
                continue;
            found.Add(new Detection(Math.Max(0, x1), Math.Max(0, y1), Math.Min(frame.Width, x2), Math.Min(frame.Height, y2), score));
        }
        return found;
    }

    private readonly record struct Region(int X, int Y, int Width, int Height);
}
