using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Portal.Infrastructure.Face;

/// <summary>
/// A query prepared for the sign-code scan. The rotated query is quantised to 4 bits per number (y ≈ low + step × u,
/// u in 0…15) and kept as four bit planes, so ⟨y, signs⟩ is four AND-and-popcount passes over 8 words. The rounding
/// of the query adds its own error, |y − ŷ| / sqrt(d) per deviation, which the bound includes.
/// </summary>
internal sealed class SignQuery
{
    private const int Planes = 4;
    private const int Levels = (1 << Planes) - 1;

    private readonly ulong[] _planes = new ulong[Planes * SignCodes.Words];
    private readonly float _perPlaneCount;
    private readonly float _perOne;
    private readonly float _offset;
    private readonly float _perFactor;
    private readonly float _perSpread;

    public SignQuery(ReadOnlySpan<float> query)
    {
        var dimensions = InMemoryFaceIndex.Dimensions;
        Span<float> rotated = stackalloc float[dimensions];
        query.CopyTo(rotated);
        var length = Math.Sqrt(Dot(rotated, rotated));
        RandomRotation.Apply(rotated);
        float low = float.MaxValue, high = float.MinValue;
        foreach (var value in rotated)
            (low, high) = (Math.Min(low, value), Math.Max(high, value));
        var step = high > low ? (high - low) / Levels : 1f;

        double roundedSum = 0, roundingSquares = 0;
        for (var i = 0; i < dimensions; i++)
        {
            var level = (int)Math.Clamp(MathF.Round((rotated[i] - low) / step), 0, Levels);
            for (var plane = 0; plane < Planes; plane++)
            {
                if ((level >> plane & 1) != 0)
                    _planes[plane * SignCodes.Words + (i >> 6)] |= 1UL << (i & 63);
            }
            var rounded = low + step * level;
            roundedSum += rounded;
            roundingSquares += (double)(rotated[i] - rounded) * (rotated[i] - rounded);
        }

        // ⟨ŷ, signs⟩ · sqrt(d) = Σ ŷᵢ (2bᵢ − 1) = 2 · step · Σ 2ʲ popcount(b ∧ planeⱼ) + 2 · low · popcount(b) − Σ ŷᵢ.
        var sqrtDimensions = Math.Sqrt(dimensions);
        _perPlaneCount = (float)(2 * step / sqrtDimensions);
        _perOne = (float)(2 * low / sqrtDimensions);
        _offset = (float)(-roundedSum / sqrtDimensions);
        _perFactor = (float)(SignCodes.Confidence * Math.Sqrt(roundingSquares) / sqrtDimensions);
        _perSpread = (float)(SignCodes.Confidence * length);
    }

    /// <summary>
    /// The highest similarity the face could plausibly have: its estimate plus the allowed error from its own code
    /// (<paramref name="spread"/> × |q|) and from the query's rounding (scaled, like the estimate, by the factor).
    /// The two errors are independent, so they add in quadrature; the plain sum, never smaller, decides first, and
    /// only faces it cannot rule out below <paramref name="threshold"/> pay for the square root.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float UpperBound(ReadOnlySpan<ulong> bits, float factor, float spread, float threshold) =>
        UpperBound(ref MemoryMarshal.GetReference(bits), factor, spread, threshold);

    /// <summary>The same from a reference to the face's first word: the scan's hot path, free of bounds checks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float UpperBound(ref ulong bits, float factor, float spread, float threshold) =>
        Bound(WeightedPopCount.Of(ref bits, ref MemoryMarshal.GetArrayDataReference(_planes)),
            SignCodes.Ones(MemoryMarshal.CreateReadOnlySpan(ref bits, SignCodes.Words)), factor, spread, threshold);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private float Bound(int weighted, int ones, float factor, float spread, float threshold)
    {
        var estimate = factor * (_perPlaneCount * weighted + _perOne * ones + _offset);
        var fromRounding = factor * _perFactor;
        var fromCode = _perSpread * spread;
        var plain = estimate + fromRounding + fromCode;
        return plain < threshold ? plain : estimate + MathF.Sqrt(fromRounding * fromRounding + fromCode * fromCode);
    }

    /// <summary>
    /// Offers every allowed row of a segment whose bound reaches the threshold. One method over plain arrays, so the
    /// JIT keeps the query's planes and constants in registers or the stack rather than re-reading fields per face.
    /// </summary>
    public void Scan(ulong[] codes, ushort[] onesOf, float[] factors, float[] spreads, int[] galleries, int rows, bool[] allowed, float threshold, TopK heap, int firstSlot)
    {
        ref var planes = ref MemoryMarshal.GetArrayDataReference(_planes);
        ref var bits = ref MemoryMarshal.GetArrayDataReference(codes);
        ref var allowedRef = ref MemoryMarshal.GetArrayDataReference(allowed);
        var plainPerFactor = _offset + _perFactor;
        var (perPlaneCount, perOne, perSpread) = (_perPlaneCount, _perOne, _perSpread);
        for (var row = 0; row < rows && row < galleries.Length && row < factors.Length && row < spreads.Length && row < onesOf.Length; row++)
        {
            if (!Unsafe.Add(ref allowedRef, galleries[row]))
                continue;
            ref var face = ref Unsafe.Add(ref bits, row * SignCodes.Words);
            var weighted = WeightedPopCount.Of(ref face, ref planes);
            var factor = factors[row];
            var plain = factor * (perPlaneCount * weighted + perOne * onesOf[row] + plainPerFactor) + perSpread * spreads[row];
            if (plain < threshold)
                continue;
            var bound = Bound(weighted, onesOf[row], factor, spreads[row], threshold);
            if (bound < threshold)
                continue;
            heap.Offer(bound, firstSlot + row);
        }
    }

    private static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
            sum += (double)a[i] * b[i];
        return sum;
    }
}
