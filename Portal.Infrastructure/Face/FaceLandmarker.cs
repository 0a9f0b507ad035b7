using System.Buffers;

namespace Portal.Infrastructure.Face;

/// <summary>
/// 68 landmarks from a 64×64 grey crop: a square around the detection, side = the box's height, kept inside
/// the image — the crop the landmark model expects.
/// </summary>
internal sealed class FaceLandmarker(OnnxModel model)
{
    private const int Size = 64;

    public (float X, float Y)[] Locate(RgbFrame frame, Detection detection)
    {
        var view = frame.View;
        var side = Math.Min(detection.Height, Math.Min(frame.Width, frame.Height) - 1);
        var left = Math.Clamp((detection.X1 + detection.X2) / 2 - side / 2, 0, frame.Width - 1 - side);
        var top = Math.Clamp((detection.Y1 + detection.Y2) / 2 - side / 2, 0, frame.Height - 1 - side);
        var footprint = side / Size;

        var input = ArrayPool<float>.Shared.Rent(model.InputLength);
        try
        {
            for (var y = 0; y < Size; y++)
            for (var x = 0; x < Size; x++)
            {
                var (r, g, b) = view.Area(left + (x + 0.5f) * footprint - 0.5f, top + (y + 0.5f) * footprint - 0.5f, footprint);
                input[y * Size + x] = (0.299f * r + 0.587f * g + 0.114f * b) / 256f;
            }
            var points = new (float X, float Y)[68];
            model.Run(input, (_, values) =>
            {
                for (var i = 0; i < 68; i++)
                    points[i] = (left + values[2 * i] * side, top + values[2 * i + 1] * side);
            });
            return points;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(input);
        }
    }

    /// <summary>Left eye, right eye, nose tip, left and right mouth corner, from the 68 points.</summary>
    public static (float X, float Y)[] FivePoints((float X, float Y)[] p) =>
    [
        Mean(p, 37, 38, 40, 41),
        Mean(p, 43, 44, 46, 47),
        p[30],
        Mean(p, 48, 60),
        Mean(p, 54, 64),
    ];

    private static (float X, float Y) Mean((float X, float Y)[] p, params int[] indices)
    {
        float x = 0, y = 0;
        foreach (var i in indices)
        {
            x += p[i].X;
            y += p[i].Y;
        }
        return (x / indices.Length, y / indices.Length);
    }
}
