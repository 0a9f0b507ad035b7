using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Portal.Infrastructure.Face;

/// <summary>
/// The arithmetic of the index. A stored vector is 512 signed bytes plus one scale (v ≈ code × scale): a
/// quarter of float32's memory, so one pass over a million faces reads 512 MB. A query is quantised finer,
/// to 16-bit, so the scan's error is far below the gaps that decide a ranking; candidates are then re-ranked
/// exactly against the stored vectors.
/// </summary>
internal static class QuantizedVectors
{
    /// <summary>Query codes stay within ±16383 so 32 multiply-add steps of 127 × 16383 cannot overflow an int lane.</summary>
    public const int QueryRange = 16383;

    public static float Quantize(ReadOnlySpan<float> vector, Span<sbyte> codes)
    {
        var max = MaxAbs(vector);
        if (max == 0)
        {
            codes.Clear();
            return 0;
        }
        var scale = max / 127f;
        for (var i = 0; i < vector.Length; i++)
            codes[i] = (sbyte)Math.Clamp(MathF.Round(vector[i] / scale), -127, 127);
        return scale;
    }

    public static float QuantizeQuery(ReadOnlySpan<float> vector, Span<short> codes)
    {
        var max = MaxAbs(vector);
        if (max == 0)
        {
            codes.Clear();
            return 0;
        }
        var scale = max / QueryRange;
        for (var i = 0; i < vector.Length; i++)
            codes[i] = (short)Math.Clamp(MathF.Round(vector[i] / scale), -QueryRange, QueryRange);
        return scale;
    }

    /// <summary>Integer dot product of stored codes with query codes; AVX2 where the CPU has it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Dot(ReadOnlySpan<sbyte> codes, ReadOnlySpan<short> query)
    {
        if (Avx2.IsSupported && codes.Length % 32 == 0)
            return DotAvx2(codes, query);
        var sum = 0;
        for (var i = 0; i < codes.Length; i++)
            sum += codes[i] * query[i];
        return sum;
    }

    private static int DotAvx2(ReadOnlySpan<sbyte> codes, ReadOnlySpan<short> query)
    {
        ref var c = ref MemoryMarshal.GetReference(codes);
        ref var q = ref MemoryMarshal.GetReference(query);
        var first = Vector256<int>.Zero;
        var second = Vector256<int>.Zero;
        for (nuint i = 0; i < (nuint)codes.Length; i += 32)
        {
            // Sign-extend 16 bytes to 16 shorts, multiply pairwise and add adjacent products into 8 ints.
            var c0 = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref c, i));
            var c1 = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref c, i + 16));
            first = Avx2.Add(first, Avx2.MultiplyAddAdjacent(c0, Vector256.LoadUnsafe(ref q, i)));
            second = Avx2.Add(second, Avx2.MultiplyAddAdjacent(c1, Vector256.LoadUnsafe(ref q, i + 16)));
        }
        return Vector256.Sum(Avx2.Add(first, second));
    }

    /// <summary>The exact similarity of a float query with a stored vector, in double precision.</summary>
    public static double ExactDot(ReadOnlySpan<float> query, ReadOnlySpan<sbyte> codes, float scale)
    {
        double sum = 0;
        for (var i = 0; i < query.Length; i++)
            sum += (double)query[i] * codes[i];
        return sum * scale;
    }

    private static float MaxAbs(ReadOnlySpan<float> vector)
    {
        var max = 0f;
        foreach (var v in vector)
            max = Math.Max(max, Math.Abs(v));
        return max;
    }
}
