using System.Security.Cryptography;
using Portal.Infrastructure.Face;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Face;

/// <summary>The stored form of a face's index row (FaceCodes): pinned, so a change of the arithmetic cannot reuse old rows.</summary>
public sealed class FaceCodeFormatTests
{
    [Fact]
    public void AFixedEmbeddingGivesTheBytesTheCurrentFormatPromises()
    {
        var code = FaceCodes.Encode(FaceReplicaBed.NewFace(Guid.Empty, 7).EmbeddingVector())!;

        // If this fails, the quantisation, the rotation, the sign code or the layout changed: rows stored by the
        // earlier arithmetic would no longer match what this build computes. Bump FaceCodes.Format (every row is then
        // encoded at load and written again in the background) and put the new hash here.
        Assert.Equal(1, FaceCodes.Format);
        Assert.Equal(588, code.Length);
        var hash = Convert.ToHexString(SHA256.HashData(code));
        Assert.True(hash == "9E34EB55F106C06432893A7A9544880D50A2FF5BB4441091C168637646D428F2", $"the code's SHA-256 is {hash}");
    }

    [Fact]
    public void ACodeReadBackHoldsWhatTheIndexWouldHaveEncoded()
    {
        var embedding = FaceReplicaBed.NewFace(Guid.Empty, 11).EmbeddingVector();
        var encoded = new EncodedFaces(2);
        encoded.Encode(0, embedding, new float[InMemoryFaceIndex.Dimensions]);

        Assert.True(encoded.TryRead(1, FaceCodes.Encode(embedding)));

        Assert.Equal(encoded.CodesOf(0).ToArray(), encoded.CodesOf(1).ToArray());
        Assert.Equal(encoded.BitsOf(0).ToArray(), encoded.BitsOf(1).ToArray());
        Assert.Equal(encoded.Scales[0], encoded.Scales[1]);
        Assert.Equal(encoded.Factors[0], encoded.Factors[1]);
        Assert.Equal(encoded.Spreads[0], encoded.Spreads[1]);
        Assert.Equal(encoded.Ones[0], encoded.Ones[1]);
    }

    [Fact]
    public void ACodeOfTheWrongSizeOrWithANumberThatIsNotFiniteIsNotUsed()
    {
        var code = FaceCodes.Encode(FaceReplicaBed.NewFace(Guid.Empty, 3).EmbeddingVector())!;
        var encoded = new EncodedFaces(1);

        Assert.False(encoded.TryRead(0, code.AsSpan(0, code.Length - 1)));
        Assert.False(encoded.TryRead(0, [.. code, 0]));
        var damaged = code.ToArray();
        BitConverter.TryWriteBytes(damaged.AsSpan(FaceCodes.Bytes - sizeof(float)), float.NaN); // the spread
        Assert.False(encoded.TryRead(0, damaged));
        Assert.True(encoded.TryRead(0, code));
    }

    [Fact]
    public void AnEmbeddingTheIndexRefusesGetsNoCode()
    {
        var embedding = FaceReplicaBed.NewFace(Guid.Empty, 5).EmbeddingVector();
        embedding[9] = float.NaN;

        Assert.Null(FaceCodes.Encode(embedding));
        Assert.Null(FaceCodes.Encode(new float[100]));
    }
}
