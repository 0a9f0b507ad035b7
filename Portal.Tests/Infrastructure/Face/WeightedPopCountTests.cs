using System.Runtime.Intrinsics.X86;
using Portal.Infrastructure.Face;

namespace Portal.Tests.Infrastructure.Face;

/// <summary>The scan's wide paths must count exactly what the plain one counts: a miscount moves every bound.</summary>
public sealed class WeightedPopCountTests
{
    [Fact]
    public void EveryPathTheCpuOffersAgreesWithThePlainCount()
    {
        var random = new Random(11);
        var face = new ulong[SignCodes.Words];
        var planes = new ulong[4 * SignCodes.Words];
        // All-ones words reach each byte's largest sum (8 bits × weight 15), where a byte-wide sum could overflow.
        var cases = new List<(ulong[] Face, ulong[] Planes)> { (Filled(SignCodes.Words, ulong.MaxValue), Filled(4 * SignCodes.Words, ulong.MaxValue)) };
        for (var i = 0; i < 2_000; i++)
        {
            random.NextBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(face.AsSpan()));
            random.NextBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(planes.AsSpan()));
            cases.Add(((ulong[])face.Clone(), (ulong[])planes.Clone()));
        }
        foreach (var (f, p) in cases)
        {
            var expected = Naive(f, p);
            Assert.Equal(expected, WeightedPopCount.Scalar(ref f[0], ref p[0]));
            Assert.Equal(expected, WeightedPopCount.Of(ref f[0], ref p[0]));
            if (Avx2.IsSupported)
                Assert.Equal(expected, WeightedPopCount.Wide256(ref f[0], ref p[0]));
            if (Avx512BW.IsSupported)
                Assert.Equal(expected, WeightedPopCount.Wide512(ref f[0], ref p[0]));
        }
        Assert.Equal(8 * 64 * 15, Naive(cases[0].Face, cases[0].Planes));
    }

    /// <summary>Bit by bit, as the estimator defines it: each set bit of the face adds the query's 4-bit level there.</summary>
    private static int Naive(ulong[] face, ulong[] planes)
    {
        var sum = 0;
        for (var bit = 0; bit < 64 * SignCodes.Words; bit++)
        {
            if ((face[bit / 64] >> (bit % 64) & 1) == 0)
                continue;
            for (var plane = 0; plane < 4; plane++)
                sum += (int)(planes[plane * SignCodes.Words + bit / 64] >> (bit % 64) & 1) << plane;
        }
        return sum;
    }

    private static ulong[] Filled(int count, ulong value) => Enumerable.Repeat(value, count).ToArray();
}
