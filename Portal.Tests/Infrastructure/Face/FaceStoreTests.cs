using Portal.Domain.Faces;
using Portal.Infrastructure.Face;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Face;

/// <summary>Embeddings live in the database; a restarted process rebuilds the same index from it.</summary>
public sealed class FaceStoreTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task FacesAddedBeforeARestartAreFoundAfterItAndRemovedOnesAreNot()
    {
        var gallery = Guid.NewGuid();
        var kept = Face(gallery, 1);
        var removed = Face(gallery, 2);
        await using (var before = await InfrastructureHost.StartAsync(_data.Path))
        {
            var store = before.Get<FaceStore>();
            await store.AddAsync([kept, removed]);
            await store.RemoveAsync([removed.Id]);
            Assert.Equal(1, before.Get<IFaceIndex>().Count);
        }

        await using var after = await InfrastructureHost.StartAsync(_data.Path);
        var loaded = await after.Get<FaceIndexReplica>().LoadAsync();
        var index = after.Get<IFaceIndex>();

        Assert.Equal(1, loaded);
        var match = Assert.Single(index.Search(kept.EmbeddingVector(), new HashSet<Guid> { gallery }, 5, 0.9f));
        Assert.Equal(kept.Id, match.FaceId);
        Assert.Empty(index.Search(removed.EmbeddingVector(), new HashSet<Guid> { gallery }, 5, 0.9f));
    }

    private static StoredFace Face(Guid gallery, int seed)
    {
        var random = new Random(seed);
        var vector = Enumerable.Range(0, 512).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        FaceEmbedder.Normalise(vector);
        return new StoredFace { GalleryId = gallery, ImageId = Guid.NewGuid(), Width = 100, Height = 100, DetectionScore = 1, Embedding = StoredFace.Pack(vector), PipelineVersion = FacePipelineVersion.Current };
    }

    public void Dispose() => _data.Dispose();
}
