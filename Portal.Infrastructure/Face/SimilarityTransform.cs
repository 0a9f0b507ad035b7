namespace Portal.Infrastructure.Face;

/// <summary>
/// The least-squares similarity (scale, rotation, translation) mapping face landmarks onto the template:
/// x' = a·x − b·y + tx, y' = b·x + a·y + ty. A similarity keeps the face's shape; a 3-point affine (as the
/// model's own JavaScript does) shears it, and measurably lowers genuine-pair similarity.
/// </summary>
internal readonly record struct SimilarityTransform(float A, float B, float Tx, float Ty)
{
    /// <summary>The five reference points of the 112×112 crop the embedder was trained on.</summary>
    public static readonly (float X, float Y)[] Template =
    [
        (38.2946f, 51.6963f), (73.5318f, 51.5014f), (56.0252f, 71.7366f), (41.5493f, 92.3655f), (70.7299f, 92.2041f),
    ];

    public static SimilarityTransform Estimate(ReadOnlySpan<(float X, float Y)> from, ReadOnlySpan<(float X, float Y)> to)
    {
        double fx = 0, fy = 0, tx = 0, ty = 0;
        var n = from.Length;
        for (var i = 0; i < n; i++)
        {
            fx += from[i].X; fy += from[i].Y; tx += to[i].X; ty += to[i].Y;
        }
        fx /= n; fy /= n; tx /= n; ty /= n;
        double dot = 0, cross = 0, norm = 0;
        for (var i = 0; i < n; i++)
        {
            double px = from[i].X - fx, py = from[i].Y - fy, qx = to[i].X - tx, qy = to[i].Y - ty;
            dot += px * qx + py * qy;
            cross += px * qy - py * qx;
            norm += px * px + py * py;
        }
        if (norm < 1e-9)
            return new SimilarityTransform(1, 0, (float)(tx - fx), (float)(ty - fy));
        var a = dot / norm;
        var b = cross / norm;
        return new SimilarityTransform((float)a, (float)b, (float)(tx - (a * fx - b * fy)), (float)(ty - (b * fx + a * fy)));
    }

    public (float X, float Y) Apply(float x, float y) => (A * x - B * y + Tx, B * x + A * y + Ty);

    /// <summary>Where in the source image a point of the template frame comes from.</summary>
    public (float X, float Y) Invert(float x, float y)
    {
        var det = A * A + B * B;
        float dx = x - Tx, dy = y - Ty;
        return ((A * dx + B * dy) / det, (-B * dx + A * dy) / det);
    }

    /// <summary>Source pixels per template pixel.</summary>
    public float SourcePerTarget => 1f / MathF.Sqrt(A * A + B * B);
}
