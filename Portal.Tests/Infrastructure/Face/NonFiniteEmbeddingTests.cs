using Portal.Domain.Faces;
using Portal.Infrastructure.Face;
using Portal.Tests.Support;
using static Portal.Tests.Support.FaceReplicaBed;

namespace Portal.Tests.Infrastructure.Face;

/// <summary>An embedding with a NaN is refused where a face enters the index (issue 18, review point 5): it could never rank right.</summary>
public sealed class NonFiniteEmbeddingTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void TheIndexRefusesAnEmbeddingThatIsNotFinite(float bad)
    {
        using var index = new InMemoryFaceIndex();
        var vector = new float[InMemoryFaceIndex.Dimensions];
        vector[0] = 1;
        vector[7] = bad;

        var refused = Assert.Throws<ArgumentException>(() => index.Upsert(Guid.NewGuid(), Guid.NewGuid(), vector));

        Assert.Contains("NaN", refused.Message);
        Assert.Equal(0, index.Count);
    }

    [Fact]
    public async Task AStoredFaceWithANaNIsLeftOutOfTheReplicaWhichGoesOnWithTheNextFace()
    {
        await using var host = await StartAsync(_data.Path);
        var gallery = Guid.NewGuid();
        var poisoned = NewFace(gallery, 1);
        var vector = poisoned.EmbeddingVector();
        vector[5] = float.NaN;
        var bad = new StoredFace { GalleryId = gallery, ImageId = poisoned.ImageId, Width = 100, Height = 100, DetectionScore = 1, Embedding = StoredFace.Pack(vector) };
        var good = NewFace(gallery, 2);
        var replica = host.Get<FaceIndexReplica>();
        await replica.LoadAsync();

        await host.Get<FaceStore>().AddAsync([bad]);
        await host.Get<FaceStore>().AddAsync([good]);
        await replica.CatchUpAsync();

        Assert.True(host.Finds(good));
        Assert.Equal(1, host.Get<IFaceIndex>().Count);
        var matches = host.Get<IFaceIndex>().Search(good.EmbeddingVector(), new HashSet<Guid> { gallery }, 5, -1f);
        Assert.All(matches, m => Assert.False(float.IsNaN(m.Similarity)));

        // A fresh process loading the same rows leaves it out too, rather than failing the whole load.
        await using var fresh = await StartAsync(_data.Path);
        await fresh.Get<FaceIndexReplica>().LoadAsync();
        Assert.Equal(1, fresh.Get<IFaceIndex>().Count);
    }

    public void Dispose() => _data.Dispose();
}
