using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Portal.Infrastructure.Face;

/// <summary>
/// A fixed pseudo-random rotation of 512-d vectors: three rounds of random sign flips followed by a normalised
/// Walsh–Hadamard transform. The sign codes' error bound (<see cref="SignCodes"/>) assumes the code's error points
/// in a random direction; real embeddings put more weight on some axes than others, and rotating first spreads it.
/// Rotations keep dot products, so rotated queries and rotated faces compare as the originals do. O(d log d) per
/// vector, unlike a dense 512×512 matrix, so a start-up load of millions of faces can afford it.
/// </summary>
internal static class RandomRotation
{
    private const int Rounds = 3;
    private const int Dimensions = InMemoryFaceIndex.Dimensions;

    // The seed is fixed: every process must rotate the same way, and stored codes (FaceCodes) were rotated with it.
    private static readonly float RoundScale = 1f / MathF.Sqrt(Dimensions);
    private static readonly Vector256<float>[][] Signs = MakeSigns(new Random(20261202));


    /// <summary>Rotates <paramref name="vector"/> in place.</summary>
    public static void Apply(Span<float> vector)
    {
        if (vector.Length != Dimensions)
            throw new ArgumentException($"A vector has {Dimensions} numbers, not {vector.Length}.", nameof(vector));
        if (Vector512.IsHardwareAccelerated)
            ApplyWide(vector);
        else
            ApplyNarrow(vector);
    }

    internal static void ApplyNarrow(Span<float> vector)
    {
        var lanes = MemoryMarshal.Cast<float, Vector256<float>>(vector);
        foreach (var signs in Signs)
        {
            for (var j = 0; j < lanes.Length; j++)
                lanes[j] *= signs[j];
            Hadamard(lanes);
        }
    }

    /// <summary>
    /// The same rotation in 512-bit registers, about twice as fast: a start-up load rotates every stored face, and
    /// this was most of its encoding time. It adds the same pairs in the same order as the 256-bit path.
    /// </summary>
    internal static void ApplyWide(Span<float> vector)
    {
        const int Lanes = Dimensions / 16;
        ref var lanes = ref Unsafe.As<float, Vector512<float>>(ref MemoryMarshal.GetReference(vector));
        foreach (var signs in WideSigns)
        {
            ref var sign = ref MemoryMarshal.GetArrayDataReference(signs);
            for (var j = 0; j < Lanes; j++)
            {
                var v = Unsafe.Add(ref lanes, j) * Unsafe.Add(ref sign, j);
                v = v * Vector512.Create(1f, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1)
                    + Vector512.Shuffle(v, Vector512.Create(1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14));
                v = v * Vector512.Create(1f, 1, -1, -1, 1, 1, -1, -1, 1, 1, -1, -1, 1, 1, -1, -1)
                    + Vector512.Shuffle(v, Vector512.Create(2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13));
                v = v * Vector512.Create(1f, 1, 1, 1, -1, -1, -1, -1, 1, 1, 1, 1, -1, -1, -1, -1)
                    + Vector512.Shuffle(v, Vector512.Create(4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11));
                Unsafe.Add(ref lanes, j) = v * Vector512.Create(1f, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1, -1, -1, -1)
                    + Vector512.Shuffle(v, Vector512.Create(8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7));
            }
            for (var h = 1; h < Lanes; h *= 2)
            {
                for (var block = 0; block < Lanes; block += 2 * h)
                {
                    for (var j = block; j < block + h; j++)
                    {
                        var (a, b) = (Unsafe.Add(ref lanes, j), Unsafe.Add(ref lanes, j + h));
                        (Unsafe.Add(ref lanes, j), Unsafe.Add(ref lanes, j + h)) = (a + b, a - b);
                    }
                }
            }
        }
    }

    /// <summary>The in-place fast Walsh–Hadamard transform; the signs carry its 1/sqrt(d) scale, which keeps lengths.</summary>
    private static void Hadamard(Span<Vector256<float>> lanes)
    {
        // Butterflies within 8 lanes, h = 1, 2, 4: lane i pairs with lane i ^ h; the lower one keeps a + b, the
        // upper gets a − b, written as (own value × ±1) + partner's value. Constant shuffles compile to one permute.
        for (var j = 0; j < lanes.Length; j++)
        {
            var v = lanes[j];
            v = v * Vector256.Create(1f, -1, 1, -1, 1, -1, 1, -1) + Vector256.Shuffle(v, Vector256.Create(1, 0, 3, 2, 5, 4, 7, 6));
            v = v * Vector256.Create(1f, 1, -1, -1, 1, 1, -1, -1) + Vector256.Shuffle(v, Vector256.Create(2, 3, 0, 1, 6, 7, 4, 5));
            lanes[j] = v * Vector256.Create(1f, 1, 1, 1, -1, -1, -1, -1) + Vector256.Shuffle(v, Vector256.Create(4, 5, 6, 7, 0, 1, 2, 3));
        }
        // From a span of 8 floats on, whole vectors pair up.
        for (var h = 1; h < lanes.Length; h *= 2)
        {
            for (var block = 0; block < lanes.Length; block += 2 * h)
            {
                for (var j = block; j < block + h; j++)
                    (lanes[j], lanes[j + h]) = (lanes[j] + lanes[j + h], lanes[j] - lanes[j + h]);
            }
        }
    }

    private static readonly Vector512<float>[][] WideSigns =
        Signs.Select(round => MemoryMarshal.Cast<Vector256<float>, Vector512<float>>(round.AsSpan()).ToArray()).ToArray();

    private static Vector256<float>[][] MakeSigns(Random random) =>
        Enumerable.Range(0, Rounds)
            .Select(_ => MemoryMarshal.Cast<float, Vector256<float>>(Enumerable.Range(0, Dimensions).Select(_ => random.Next(2) == 0 ? -RoundScale : RoundScale).ToArray()).ToArray())
            .ToArray();
}
