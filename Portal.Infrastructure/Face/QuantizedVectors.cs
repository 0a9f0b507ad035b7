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
        var inverse = 127f / max;
        var i = 0;
        // A process's start quantises every stored face: 32 at a time where the CPU allows. |v| ≤ max, so each
        // rounded code lies within ±127 and the narrowing steps lose nothing.
        if (Vector256.IsHardwareAccelerated)
        {
            ref var source = ref MemoryMarshal.GetReference(vector);
            ref var target = ref Unsafe.As<sbyte, byte>(ref MemoryMarshal.GetReference(codes));
            for (; i + 32 <= vector.Length; i += 32)
            {
                var low = Vector256.Narrow(Rounded(ref source, i, inverse), Rounded(ref source, i + 8, inverse));
                var high = Vector256.Narrow(Rounded(ref source, i + 16, inverse), Rounded(ref source, i + 24, inverse));
                Vector256.Narrow(low, high).AsByte().StoreUnsafe(ref target, (nuint)i);
            }
        }
        for (; i < vector.Length; i++)
            codes[i] = (sbyte)Math.Clamp(MathF.Round(vector[i] * inverse), -127, 127);
        return scale;
    }

    private static Vector256<int> Rounded(ref float source, int offset, float inverse) =>
        Vector256.ConvertToInt32(Vector256.Round(Vector256.LoadUnsafe(ref source, (nuint)offset) * inverse));

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
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var lanes = Vector256<float>.Zero;
            ref var source = ref MemoryMarshal.GetReference(vector);
            for (; i + 8 <= vector.Length; i += 8)
                lanes = Vector256.Max(lanes, Vector256.Abs(Vector256.LoadUnsafe(ref source, (nuint)i)));
            for (var lane = 0; lane < 8; lane++)
                max = Math.Max(max, lanes[lane]);
        }
        for (; i < vector.Length; i++)
            max = Math.Max(max, Math.Abs(vector[i]));
        return max;
    }
}
