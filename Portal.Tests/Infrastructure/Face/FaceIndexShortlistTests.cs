using Portal.Domain.Faces;
using Portal.Infrastructure.Face;

namespace Portal.Tests.Infrastructure.Face;

/// <summary>The two-stage search (ADR 0013): every face at or above the threshold found, from a short list, in any gallery filter.</summary>
public sealed class FaceIndexShortlistTests : IDisposable
{
    private static readonly float[] Planted = [0.30f, 0.36f, 0.39f, 0.40f, 0.41f, 0.44f, 0.50f, 0.70f, 0.95f];
    private readonly InMemoryFaceIndex _index = new();
    private readonly Random _random = new(2026);
    private readonly Guid[] _galleries = Enumerable.Range(0, 50).Select(_ => Guid.NewGuid()).ToArray();

    [Fact]
    public void EveryFaceAtOrAboveTheThresholdIsFoundFromAShortList()
    {
        for (var i = 0; i < 60_000; i++)
            _index.Upsert(Guid.NewGuid(), _galleries[i % _galleries.Length], RandomUnit());
        var queries = Enumerable.Range(0, 30).Select(_ => RandomUnit()).ToList();
        var planted = queries.Select(query => Planted.Select(s => Plant(query, s, _galleries[_random.Next(_galleries.Length)])).ToList()).ToList();
        int expected = 0, found = 0;

        for (var q = 0; q < queries.Count; q++)
        {
            var inOneGallery = planted[q][^1].Gallery;
            foreach (var galleries in new[] { _galleries.ToHashSet(), new HashSet<Guid> { inOneGallery } })
            {
                var truth = _index.BruteForceAtOrAbove(queries[q], 0.40f).Where(t => galleries.Contains(t.GalleryId)).Select(t => t.FaceId).ToList();
                var matches = _index.Search(queries[q], galleries, 20, 0.40f);

                Assert.All(matches, m => Assert.True(m.Similarity >= 0.40f && galleries.Contains(m.GalleryId)));
                expected += truth.Count;
                found += truth.Count(id => matches.Any(m => m.FaceId == id));
            }
        }

        Assert.True(expected > 100, $"only {expected} faces above the threshold: the test would prove little");
        Assert.Equal(expected, found);
        Assert.Equal(0, _index.Counters.ExactScans);
        Assert.InRange(_index.Counters.ShortlistedFaces / (double)_index.Counters.ShortlistSearches, 1, 100);
    }

    [Fact]
    public void WhenTheShortListCannotProveTheTopKTheIndexScoresEveryFace()
    {
        // At threshold −1 every face qualifies: the bounds cannot narrow the field, and the answer must still be the top k.
        for (var i = 0; i < InMemoryFaceIndex.ShortlistSize + 1_000; i++)
            _index.Upsert(Guid.NewGuid(), _galleries[0], RandomUnit());
        var query = RandomUnit();
        var best = _index.BruteForceAtOrAbove(query, -1f).OrderByDescending(t => t.Similarity).Take(5).Select(t => t.FaceId);

        var matches = _index.Search(query, new HashSet<Guid> { _galleries[0] }, 5, -1f);

        Assert.Equal(best, matches.Select(m => m.FaceId));
        Assert.Equal(1, _index.Counters.ExactScans);
    }

    private (Guid Id, Guid Gallery) Plant(float[] query, float similarity, Guid gallery)
    {
        var other = RandomUnit();
        var along = query.Zip(other, (x, y) => (double)x * y).Sum();
        var across = other.Select((x, i) => (float)(x - along * query[i])).ToArray();
        FaceEmbedder.Normalise(across);
        var vector = query.Select((x, i) => similarity * x + MathF.Sqrt(1 - similarity * similarity) * across[i]).ToArray();
        var id = Guid.NewGuid();
        _index.Upsert(new IndexedFace(id, gallery, vector));
        return (id, gallery);
    }

    private float[] RandomUnit()
    {
        var vector = new float[InMemoryFaceIndex.Dimensions];
        for (var i = 0; i < vector.Length; i++)
            vector[i] = (float)(Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble()));
        FaceEmbedder.Normalise(vector);
        return vector;
    }

    public void Dispose() => _index.Dispose();
}
