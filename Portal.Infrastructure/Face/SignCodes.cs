using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Portal.Infrastructure.Face;

/// <summary>
/// The index's first stage: each stored face as the signs of its rotated vector (512 bits, 64 bytes) plus two
/// numbers, from which a query estimates the face's similarity with a known spread (the RaBitQ estimator). Write
/// o for the rotated unit vector and ō for its signs scaled to unit length; a = ⟨ō, o⟩ is about 0.8. A query's
/// ⟨q, ō⟩ / a estimates ⟨q, o⟩ with an error of sqrt(1 − a²) / a · ⟨q, e⟩, where e is a unit vector orthogonal to o
/// that the rotation makes random: its standard deviation is at most |q| · sqrt(1 − a²) / (a · sqrt(d − 1)), about
/// 0.034. A face's upper bound is its estimate plus <see cref="Confidence"/> such deviations, so a face at or above
/// the threshold is missed only if its error is a six-sigma event.
/// </summary>
internal static class SignCodes
{
    public const int Words = InMemoryFaceIndex.Dimensions / 64;

    /// <summary>
    /// How many standard deviations of estimation error a bound allows. Six: for a normal error, one miss in about
    /// a billion faces at the threshold itself (fewer above it); the cost is a longer shortlist, measured in ADR 0013.
    /// </summary>
    public const float Confidence = 6f;

    private static readonly float SqrtDimensions = MathF.Sqrt(InMemoryFaceIndex.Dimensions);

    /// <summary>
    /// Encodes the stored (dequantised) vector codes × scale: the exact vector that rescoring will use, so the bound
    /// holds for the score the index reports. Returns the estimate's factor (|x| / a) and spread (one deviation per
    /// unit of query length); a zero vector gets zeros and always scores 0.
    /// </summary>
    public static (float Factor, float Spread) Encode(ReadOnlySpan<sbyte> codes, float scale, Span<ulong> bits) =>
        Encode(codes, scale, bits, stackalloc float[InMemoryFaceIndex.Dimensions]);

    /// <summary>
    /// The same with the caller's working space: a bulk load encodes a million faces, and zeroing a fresh 2 KB stack
    /// buffer for each cost as much as the rotation. Every number of <paramref name="rotated"/> is written before it is read.
    /// </summary>
    public static (float Factor, float Spread) Encode(ReadOnlySpan<sbyte> codes, float scale, Span<ulong> bits, Span<float> rotated)
    {
        if (rotated.Length != InMemoryFaceIndex.Dimensions)
            throw new ArgumentException($"The working space holds {InMemoryFaceIndex.Dimensions} numbers.", nameof(rotated));
        var lanes = MemoryMarshal.Cast<float, Vector256<float>>(rotated);
        var squares = Vector256<float>.Zero;
        for (var j = 0; j < lanes.Length; j++)
        {
            var value = Vector256.ConvertToSingle(Vector256.Create(
                codes[8 * j], codes[8 * j + 1], codes[8 * j + 2], codes[8 * j + 3], codes[8 * j + 4], codes[8 * j + 5], codes[8 * j + 6], (int)codes[8 * j + 7])) * scale;
            lanes[j] = value;
            squares += value * value;
        }
        bits.Clear();
        var length = Math.Sqrt(Vector256.Sum(squares));
        if (length == 0)
            return (0, 0);
        RandomRotation.Apply(rotated);
        var absoluteSum = Vector256<float>.Zero;
        for (var j = 0; j < lanes.Length; j++)
        {
            bits[j >> 3] |= (ulong)Vector256.ExtractMostSignificantBits(Vector256.GreaterThan(lanes[j], Vector256<float>.Zero)) << (8 * (j & 7));
            absoluteSum += Vector256.Abs(lanes[j]);
        }
        var alignment = Vector256.Sum(absoluteSum) / (SqrtDimensions * length);
        var spread = length * Math.Sqrt(Math.Max(0, 1 - alignment * alignment)) / (alignment * Math.Sqrt(InMemoryFaceIndex.Dimensions - 1));
        return ((float)(length / alignment), (float)spread);
    }

    /// <summary>How many signs are positive: kept per face, so the scan does not count them again for every query.</summary>
    public static ushort Ones(ReadOnlySpan<ulong> bits)
    {
        var ones = 0;
        foreach (var word in bits)
            ones += System.Numerics.BitOperations.PopCount(word);
        return (ushort)ones;
    }
}
