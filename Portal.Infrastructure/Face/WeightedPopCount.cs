using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Portal.Infrastructure.Face;

/// <summary>
/// The first stage's inner sum: Σⱼ 2ʲ · popcount(face ∧ planeⱼ) over a face's 8 words and the query's 4 bit planes
/// (<see cref="SignQuery"/>). It is nearly all a search's time. The CPUs we run on have no vector popcount that .NET
/// exposes, so the wide paths count each half-byte with a 16-entry table lookup (one shuffle for 32 or 64 of them);
/// a byte's weighted count is at most 8 × 15 = 120, so the four planes add up in bytes before one sum across the lanes.
/// </summary>
internal static class WeightedPopCount
{
    private static readonly Vector512<byte> HalfByteCounts = Vector512.Create(Table());
    private static readonly Vector512<byte> LowHalf = Vector512.Create((byte)0x0F);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Of(ref ulong face, ref ulong planes)
    {
        if (Avx512BW.IsSupported)
            return Wide512(ref face, ref planes);
        if (Avx2.IsSupported)
            return Wide256(ref face, ref planes);
        return Scalar(ref face, ref planes);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Scalar(ref ulong face, ref ulong planes)
    {
        var weighted = 0;
        for (var word = 0; word < SignCodes.Words; word++)
        {
            var b = Unsafe.Add(ref face, word);
            weighted += BitOperations.PopCount(b & Unsafe.Add(ref planes, word))
                + (BitOperations.PopCount(b & Unsafe.Add(ref planes, SignCodes.Words + word)) << 1)
                + (BitOperations.PopCount(b & Unsafe.Add(ref planes, 2 * SignCodes.Words + word)) << 2)
                + (BitOperations.PopCount(b & Unsafe.Add(ref planes, 3 * SignCodes.Words + word)) << 3);
        }
        return weighted;
    }

    /// <summary>One 512-bit register holds the whole face; each plane is one more register.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Wide512(ref ulong face, ref ulong planes)
    {
        var bits = Vector512.LoadUnsafe(ref face).AsByte();
        var sum = Count512(bits & Vector512.LoadUnsafe(ref planes, 3 * SignCodes.Words).AsByte());
        sum = sum + sum + Count512(bits & Vector512.LoadUnsafe(ref planes, 2 * SignCodes.Words).AsByte());
        sum = sum + sum + Count512(bits & Vector512.LoadUnsafe(ref planes, SignCodes.Words).AsByte());
        sum = sum + sum + Count512(bits & Vector512.LoadUnsafe(ref planes).AsByte());
        return (int)Vector512.Sum(Avx512BW.SumAbsoluteDifferences(sum, Vector512<byte>.Zero).AsUInt64());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> Count512(Vector512<byte> bytes) =>
        Avx512BW.Shuffle(HalfByteCounts, bytes & LowHalf)
        + Avx512BW.Shuffle(HalfByteCounts, Vector512.ShiftRightLogical(bytes.AsUInt16(), 4).AsByte() & LowHalf);

    /// <summary>The same in two 256-bit halves, for CPUs with AVX2 only.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Wide256(ref ulong face, ref ulong planes)
    {
        var sum = Vector256<byte>.Zero;
        for (var half = 0; half < SignCodes.Words; half += 4)
        {
            var bits = Vector256.LoadUnsafe(ref face, (nuint)half).AsByte();
            var part = Count256(bits & Vector256.LoadUnsafe(ref planes, (nuint)(3 * SignCodes.Words + half)).AsByte());
            part = part + part + Count256(bits & Vector256.LoadUnsafe(ref planes, (nuint)(2 * SignCodes.Words + half)).AsByte());
            part = part + part + Count256(bits & Vector256.LoadUnsafe(ref planes, (nuint)(SignCodes.Words + half)).AsByte());
            sum += part + part + Count256(bits & Vector256.LoadUnsafe(ref planes, (nuint)half).AsByte()); // two halves: ≤ 240 a byte
        }
        return (int)Vector256.Sum(Avx2.SumAbsoluteDifferences(sum, Vector256<byte>.Zero).AsUInt64());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> Count256(Vector256<byte> bytes) =>
        Avx2.Shuffle(HalfByteCounts.GetLower(), bytes & LowHalf.GetLower())
        + Avx2.Shuffle(HalfByteCounts.GetLower(), Vector256.ShiftRightLogical(bytes.AsUInt16(), 4).AsByte() & LowHalf.GetLower());

    /// <summary>Bits set in each half-byte value, repeated for every 128-bit lane (shuffles look up within their lane).</summary>
    private static byte[] Table() =>
        Enumerable.Range(0, 64).Select(i => (byte)BitOperations.PopCount((uint)(i & 15))).ToArray();
}
