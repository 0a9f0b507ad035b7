namespace Portal.Infrastructure.Face;

/// <summary>A face box from the detector, in source pixels, before landmarks.</summary>
internal readonly record struct Detection(float X1, float Y1, float X2, float Y2, float Score)
{
    public float Width => X2 - X1;
    public float Height => Y2 - Y1;
    public float Area => Math.Max(0, Width) * Math.Max(0, Height);

    /// <summary>The same box in a frame <paramref name="factor"/> times larger (block centres map to block centres).</summary>
    public Detection Enlarged(int factor) => factor == 1 ? this
        : new Detection(X1 * factor, Y1 * factor, X2 * factor, Y2 * factor, Score);

    public Detection Shrunk(int factor) => factor == 1 ? this
        : new Detection(X1 / factor, Y1 / factor, X2 / factor, Y2 / factor, Score);

    public float IntersectionOverUnion(in Detection other)
    {
        var w = Math.Min(X2, other.X2) - Math.Max(X1, other.X1);
        var h = Math.Min(Y2, other.Y2) - Math.Max(Y1, other.Y1);
        if (w <= 0 || h <= 0)
            return 0;
        var intersection = w * h;
        return intersection / (Area + other.Area - intersection);
    }

    /// <summary>How much of the smaller box lies inside the other.</summary>
    public float Containment(in Detection other)
    {
        var w = Math.Min(X2, other.X2) - Math.Max(X1, other.X1);
        var h = Math.Min(Y2, other.Y2) - Math.Max(Y1, other.Y1);
        return w <= 0 || h <= 0 ? 0 : w * h / Math.Min(Area, other.Area);
    }

    /// <summary>
    /// Greedy non-maximum suppression, best score first. A box lying mostly inside a kept one is dropped too:
    /// a face does not sit inside another face, but an eye region inside a face fooled the detector (measured).
    /// </summary>
    public static List<Detection> Suppress(List<Detection> candidates, float iouThreshold)
    {
        candidates.Sort((a, b) => b.Score.CompareTo(a.Score));
        var kept = new List<Detection>();
        foreach (var candidate in candidates)
        {
            var overlaps = false;
            foreach (var k in kept)
            {
                if (k.IntersectionOverUnion(candidate) > iouThreshold || k.Containment(candidate) > NestedShare)
                {
                    overlaps = true;
                    break;
                }
            }
            if (!overlaps)
                kept.Add(candidate);
        }
        return kept;
    }

    private const float NestedShare = 0.6f;
}
