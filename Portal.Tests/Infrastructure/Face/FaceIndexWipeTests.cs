using Portal.Domain.Faces;
using Portal.Infrastructure.Face;

namespace Portal.Tests.Infrastructure.Face;

/// <summary>A removed face leaves no copy of its vector in memory (issue 16): the row the index vacates is wiped.</summary>
public sealed class FaceIndexWipeTests : IDisposable
{
    private readonly InMemoryFaceIndex _index = new();
    private readonly Guid _gallery = Guid.NewGuid();

    [Fact]
    public void RemovingTheLastFaceWipesItsRow()
    {
        var face = Add(1);

        _index.Remove([face]);

        Assert.Equal(0, _index.Count);
        Assert.False(_index.HoldsBytesPastLiveRows());
    }

    [Fact]
    public void RemovingAFaceFromTheMiddleWipesTheRowTheLastFaceMovedOutOf()
    {
        var faces = Enumerable.Range(1, 5).Select(Add).ToList();

        _index.Remove([faces[1], faces[3]]);

        Assert.Equal(3, _index.Count);
        Assert.False(_index.HoldsBytesPastLiveRows());
        Assert.Equal(new[] { faces[0], faces[2], faces[4] }.Order(), _index.StoredVectors().Select(v => v.FaceId).Order());
    }

    private Guid Add(int seed)
    {
        var random = new Random(seed);
        var vector = Enumerable.Range(0, InMemoryFaceIndex.Dimensions).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        FaceEmbedder.Normalise(vector);
        var id = Guid.NewGuid();
        _index.Upsert(new IndexedFace(id, _gallery, vector));
        return id;
    }

    public void Dispose() => _index.Dispose();
}
