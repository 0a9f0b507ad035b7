using Portal.Infrastructure.Face;

namespace Portal.Tests.Infrastructure.Face;

/// <summary>The vectorised quantisation gives each number the code the plain rule gives it, the tail included.</summary>
public sealed class QuantizedVectorsTests
{
    [Theory]
    [InlineData(512)]
    [InlineData(37)]
    public void EveryCodeIsTheNumberTimes127OverTheLargestMagnitudeRoundedToEven(int length)
    {
        var random = new Random(length);
        var vector = Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        vector[length / 2] = -0.75f; // the largest magnitude is negative: it must become -127
        var codes = new sbyte[length];

        var scale = QuantizedVectors.Quantize(vector, codes);

        var inverse = 127f / 0.75f;
        Assert.Equal(0.75f / 127f, scale);
        Assert.Equal(vector.Select(v => (sbyte)MathF.Round(v * inverse)).ToArray(), codes);
        Assert.Equal(-127, codes[length / 2]);
    }

    [Fact]
    public void AVectorOfZerosHasZeroCodesAndScale()
    {
        var codes = Enumerable.Repeat((sbyte)5, 64).ToArray();

        Assert.Equal(0f, QuantizedVectors.Quantize(new float[64], codes));
        Assert.All(codes, code => Assert.Equal(0, code));
    }
}
