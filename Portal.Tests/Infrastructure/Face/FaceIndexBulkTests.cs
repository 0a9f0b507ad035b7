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
    public void BatchesThatFillSeveralSegmentsPreparedAheadHoldWhatSingleAdditionsHoldThroughRemovals()
    {
        // 16,384 faces a segment: 40,000 faces in batches of 5,000 cross two boundaries, and the segments the batches
        // prepare ahead (allocated and touched outside the lock) must take exactly the rows single additions would.
        var ids = Enumerable.Range(0, 40_000).Select(_ => Guid.NewGuid()).ToList();
        var galleries = ids.Select((_, i) => _galleries[i % _galleries.Length]).ToList();
        var vectors = RandomVectors(ids.Count);
        var removed = ids.Where((_, i) => i % 3 == 0 || i >= 30_000).ToList();
        var again = removed.Take(6_000).ToList();

        using var single = new InMemoryFaceIndex();
        AddOneByOne(single, ids, galleries, vectors);
        single.Remove(removed);
        using var bulk = new InMemoryFaceIndex();
        for (var start = 0; start < ids.Count; start += 5_000)
            bulk.UpsertMany(ids[start..(start + 5_000)], galleries[start..(start + 5_000)], vectors.AsMemory(start * Dimensions, 5_000 * Dimensions));
        bulk.Remove(removed);
        Assert.False(bulk.HoldsBytesPastLiveRows(), "removed faces leave no bytes behind, in used or prepared segments");
        // Faces added back after the index shrank go into rows of segments it kept or prepares again.
        var againVectors = RandomVectors(again.Count);
        var againGalleries = again.Select(_ => _galleries[0]).ToList();
        AddOneByOne(single, again, againGalleries, againVectors);
        bulk.UpsertMany(again, againGalleries, againVectors);

        Assert.Equal(single.Count, bulk.Count);
        var expected = single.StoredVectors().ToDictionary(f => f.FaceId);
        foreach (var (faceId, galleryId, vector) in bulk.StoredVectors())
        {
            Assert.Equal(expected[faceId].GalleryId, galleryId);
            Assert.Equal(expected[faceId].Vector, vector);
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
