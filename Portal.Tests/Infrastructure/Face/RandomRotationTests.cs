using Portal.Infrastructure.Face;

namespace Portal.Tests.Infrastructure.Face;

/// <summary>Both register widths must rotate alike: a query and the faces it is compared with take the same path only within one machine.</summary>
public sealed class RandomRotationTests
{
    [Fact]
    public void TheWidePathRotatesExactlyAsTheNarrowOne()
    {
        var random = new Random(5);
        for (var i = 0; i < 200; i++)
        {
            var narrow = Enumerable.Range(0, InMemoryFaceIndex.Dimensions).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
            var wide = (float[])narrow.Clone();
            var dispatched = (float[])narrow.Clone();

            RandomRotation.ApplyNarrow(narrow);
            RandomRotation.ApplyWide(wide);
            RandomRotation.Apply(dispatched);

            Assert.Equal(narrow, wide);
            Assert.Equal(narrow, dispatched);
        }
    }

    [Fact]
    public void TheRotationIsNotTheIdentityAndKeepsLength()
    {
        var vector = new float[InMemoryFaceIndex.Dimensions];
        vector[3] = 1;

        RandomRotation.Apply(vector);

        // One axis spreads over all 512: each number is ±1/sqrt(512) after the first round, and stays spread.
        Assert.True(vector.Count(v => Math.Abs(v) > 1e-4) > 400, "the rotation spreads an axis over many numbers");
        Assert.Equal(1.0, Math.Sqrt(vector.Sum(v => (double)v * v)), 5);
    }
}
