using Portal.Infrastructure.Face;

namespace Portal.Benchmarks.Support;

/// <summary>
/// Random unit vectors fast enough for ten million faces: each component is the sum of four 16-bit uniforms (nearly
/// normal, so the directions are nearly uniform on the sphere), drawn from a small per-batch generator on all cores.
/// </summary>
internal static class RandomVectors
{
    public static void Fill(float[] buffer, int count, ulong seed)
    {
        var dimensions = InMemoryFaceIndex.Dimensions;
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var random = new Xoshiro(seed * 7_919 + (ulong)i);
            Unit(random, buffer.AsSpan(i * dimensions, dimensions));
        });
    }

    public static float[] Unit(Xoshiro random, float[] vector)
    {
        Unit(random, vector.AsSpan());
        return vector;
    }

    /// <summary>A unit vector whose cosine with <paramref name="query"/> (a unit vector) is exactly <paramref name="similarity"/>.</summary>
    public static void AtSimilarity(float[] query, float similarity, Xoshiro random, float[] target)
    {
        Unit(random, target.AsSpan());
        var along = 0.0;
        for (var i = 0; i < target.Length; i++)
            along += (double)target[i] * query[i];
        for (var i = 0; i < target.Length; i++)
            target[i] -= (float)(along * query[i]);
        FaceEmbedder.Normalise(target);
        var across = MathF.Sqrt(1 - similarity * similarity);
        for (var i = 0; i < target.Length; i++)
            target[i] = similarity * query[i] + across * target[i];
        FaceEmbedder.Normalise(target);
    }

    private static void Unit(Xoshiro random, Span<float> vector)
    {
        const float Centre = 2 * 65_535f;
        for (var i = 0; i < vector.Length; i++)
        {
            var bits = random.Next();
            vector[i] = (bits & 0xFFFF) + (bits >> 16 & 0xFFFF) + (bits >> 32 & 0xFFFF) + (bits >> 48) - Centre;
        }
        var squares = 0.0;
        foreach (var value in vector)
            squares += (double)value * value;
        var inverse = (float)(1 / Math.Sqrt(squares));
        for (var i = 0; i < vector.Length; i++)
            vector[i] *= inverse;
    }
}

/// <summary>xoshiro256** (Blackman and Vigna): a fast generator with a 64-bit output, seeded through splitmix64.</summary>
internal sealed class Xoshiro
{
    private ulong _s0, _s1, _s2, _s3;

    public Xoshiro(ulong seed)
    {
        _s0 = SplitMix(ref seed);
        _s1 = SplitMix(ref seed);
        _s2 = SplitMix(ref seed);
        _s3 = SplitMix(ref seed);
    }

    public ulong Next()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    private static ulong SplitMix(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
