using Portal.Infrastructure.Face;

namespace Portal.Tests.Infrastructure.Face;

/// <summary>The bulk path a start-up load takes must leave the index exactly as adding the faces one by one would.</summary>
public sealed class FaceIndexBulkTests
{
    private const int Dimensions = InMemoryFaceIndex.Dimensions;
    private readonly Random _random = new(7);
    private readonly Guid[] _galleries = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];

    [Fact]
    public void ABatchEncodedOnEveryCoreHoldsWhatSingleAdditionsHold()
    {
        var ids = Enumerable.Range(0, 3_000).Select(_ => Guid.NewGuid()).ToList();
        var galleries = ids.Select((_, i) => _galleries[i % _galleries.Length]).ToList();
        var vectors = RandomVectors(ids.Count);
        // The second batch replaces 500 faces of the first with new vectors and galleries, and adds 500 new ones.
        var replacedIds = ids.Take(500).Concat(Enumerable.Range(0, 500).Select(_ => Guid.NewGuid())).ToList();
        var replacedGalleries = replacedIds.Select((_, i) => _galleries[(i + 1) % _galleries.Length]).ToList();
        var replacements = RandomVectors(replacedIds.Count);

        using var single = new InMemoryFaceIndex();
        AddOneByOne(single, ids, galleries, vectors);
        AddOneByOne(single, replacedIds, replacedGalleries, replacements);
        using var bulk = new InMemoryFaceIndex();
        bulk.UpsertMany(ids, galleries, vectors);
        bulk.UpsertMany(replacedIds, replacedGalleries, replacements);

        Assert.Equal(3_500, bulk.Count);
        var expected = single.StoredVectors().ToDictionary(f => f.FaceId);
        foreach (var (faceId, galleryId, vector) in bulk.StoredVectors())
        {
            var other = expected[faceId];
            Assert.Equal(other.GalleryId, galleryId);
            Assert.Equal(other.Vector, vector);
        }
        var all = _galleries.ToHashSet();
        for (var q = 0; q < 20; q++)
        {
            var query = RandomVectors(1).ToArray();
            Assert.Equal(single.Search(query, all, 10, 0.1f), bulk.Search(query, all, 10, 0.1f));
        }
    }

    [Fact]
    public void ABatchWhoseVectorsDoNotMatchItsIdsIsRefusedWhole()
    {
        using var index = new InMemoryFaceIndex();
        var ids = new[] { Guid.NewGuid(), Guid.NewGuid() };

        var refused = Assert.Throws<ArgumentException>(() => index.UpsertMany(ids, [_galleries[0], _galleries[0]], RandomVectors(1)));

        Assert.Contains("512", refused.Message);
        Assert.Equal(0, index.Count);
    }

    private static void AddOneByOne(InMemoryFaceIndex index, List<Guid> ids, List<Guid> galleries, float[] vectors)
    {
        for (var i = 0; i < ids.Count; i++)
            index.Upsert(ids[i], galleries[i], vectors.AsSpan(i * Dimensions, Dimensions));
    }

    private float[] RandomVectors(int count)
    {
        var vectors = new float[count * Dimensions];
        for (var i = 0; i < count; i++)
        {
            var vector = vectors.AsSpan(i * Dimensions, Dimensions);
            for (var j = 0; j < Dimensions; j++)
                vector[j] = (float)(_random.NextDouble() - 0.5);
            FaceEmbedder.Normalise(vector);
        }
        return vectors;
    }
}
