using Portal.Domain.Faces;
using Portal.Infrastructure.Face;

namespace Portal.Tests.Infrastructure.Face;

public sealed class FaceIndexTests : IDisposable
{
    private readonly InMemoryFaceIndex _index = new();
    private readonly Random _random = new(42);
    private readonly Guid _galleryA = Guid.NewGuid();
    private readonly Guid _galleryB = Guid.NewGuid();

    [Fact]
    public void TopTenAgreesWithADoublePrecisionBruteForceInAtLeast999Of1000Positions()
    {
        for (var i = 0; i < 20_000; i++)
            _index.Upsert(new IndexedFace(Guid.NewGuid(), i % 2 == 0 ? _galleryA : _galleryB, RandomUnit()));
        var stored = _index.StoredVectors().ToList();
        var galleries = new HashSet<Guid> { _galleryA, _galleryB };

        int same = 0, positions = 0;
        for (var q = 0; q < 100; q++)
        {
            var query = RandomUnit();
            var expected = stored.OrderByDescending(s => ExactDot(query, s.Vector)).Take(10).Select(s => s.FaceId).ToList();
            var actual = _index.Search(query, galleries, 10, threshold: -1f).Select(m => m.FaceId).ToList();
            same += expected.Zip(actual, (e, a) => e == a ? 1 : 0).Sum();
            positions += 10;
        }

        Assert.True(same >= positions * 0.999, $"{same} of {positions} positions agree");
    }

    [Fact]
    public void OnlyTheAllowedGalleriesAreSearched()
    {
        var query = RandomUnit();
        var twinInB = Guid.NewGuid();
        _index.Upsert(new IndexedFace(twinInB, _galleryB, query));
        var inA = Guid.NewGuid();
        _index.Upsert(new IndexedFace(inA, _galleryA, Blend(query, RandomUnit(), 0.8f)));

        var matches = _index.Search(query, new HashSet<Guid> { _galleryA }, 10, threshold: -1f);

        Assert.Equal([inA], matches.Select(m => m.FaceId));
        Assert.All(matches, m => Assert.Equal(_galleryA, m.GalleryId));
        Assert.Empty(_index.Search(query, new HashSet<Guid> { Guid.NewGuid() }, 10, -1f));
    }

    [Fact]
    public void OnlyCandidatesAtOrAboveTheThresholdAreReturnedAndNoneIsAnAnswer()
    {
        var query = RandomUnit();
        var close = Guid.NewGuid();
        _index.Upsert(new IndexedFace(close, _galleryA, Blend(query, RandomUnit(), 0.9f)));
        for (var i = 0; i < 500; i++)
            _index.Upsert(new IndexedFace(Guid.NewGuid(), _galleryA, RandomUnit()));
        var galleries = new HashSet<Guid> { _galleryA };

        var matches = _index.Search(query, galleries, 10, threshold: 0.5f);
        var none = _index.Search(RandomUnit(), galleries, 10, threshold: 0.5f);

        var match = Assert.Single(matches);
        Assert.Equal(close, match.FaceId);
        Assert.True(match.Similarity >= 0.5f);
        Assert.Empty(none);
    }

    [Fact]
    public void RemovedFacesAreGoneFromTheNextSearchAndTheRestStayFindable()
    {
        var ids = Enumerable.Range(0, 40_000).Select(_ => Guid.NewGuid()).ToList();
        var vectors = ids.ToDictionary(id => id, _ => RandomUnit());
        foreach (var id in ids)
            _index.Upsert(new IndexedFace(id, _galleryA, vectors[id]));
        var removed = ids.Take(20_000).ToList();

        _index.Remove(removed);

        Assert.Equal(20_000, _index.Count);
        var galleries = new HashSet<Guid> { _galleryA };
        Assert.Empty(_index.Search(vectors[removed[0]], galleries, 1, 0.99f));
        Assert.Empty(_index.Search(vectors[removed[^1]], galleries, 1, 0.99f));
        foreach (var kept in ids.Skip(20_000).Where((_, i) => i % 1000 == 0))
            Assert.Equal(kept, _index.Search(vectors[kept], galleries, 1, 0.99f).Single().FaceId);
    }

    [Fact]
    public async Task SearchesRunSafelyWhileFacesAreAddedAndRemoved()
    {
        var stable = Guid.NewGuid();
        var stableVector = RandomUnit();
        _index.Upsert(new IndexedFace(stable, _galleryA, stableVector));
        var galleries = new HashSet<Guid> { _galleryA };
        // Counted, not timed: on a loaded machine a 2-second window once let a search thread run zero searches.
        const int SearchesEach = 300;
        const int RemovalRounds = 20;
        using var searchesDone = new CancellationTokenSource();
        var removalRounds = 0;

        var writer = Task.Run(() =>
        {
            var random = new Random(7);
            var added = new List<Guid>();
            while (!searchesDone.IsCancellationRequested)
            {
                var id = Guid.NewGuid();
                _index.Upsert(new IndexedFace(id, _galleryA, RandomUnit(random)));
                added.Add(id);
                if (added.Count > 200)
                {
                    _index.Remove(added.Take(100).ToList());
                    added.RemoveRange(0, 100);
                    Interlocked.Increment(ref removalRounds);
                    // Real additions are paced by analysis (milliseconds per image); a bare loop would only test lock fairness.
                    Thread.Sleep(1);
                }
            }
        });
        var searches = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            // Until each thread has searched enough and the writer has removed faces many times meanwhile.
            for (var i = 0; i < SearchesEach || Volatile.Read(ref removalRounds) < RemovalRounds; i++)
            {
                var best = _index.Search(stableVector, galleries, 5, 0.99f);
                Assert.Equal(stable, best.Single().FaceId);
            }
        })).ToList();

        await Task.WhenAll(searches).WaitAsync(TimeSpan.FromMinutes(2));
        await searchesDone.CancelAsync();
        await writer;
    }

    private float[] RandomUnit() => RandomUnit(_random);

    private static float[] RandomUnit(Random random)
    {
        var vector = new float[InMemoryFaceIndex.Dimensions];
        for (var i = 0; i < vector.Length; i++)
            vector[i] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        FaceEmbedder.Normalise(vector);
        return vector;
    }

    private static float[] Blend(float[] a, float[] b, float weight)
    {
        var result = a.Zip(b, (x, y) => weight * x + (1 - weight) * y).ToArray();
        FaceEmbedder.Normalise(result);
        return result;
    }

    private static double ExactDot(float[] a, float[] b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
            sum += (double)a[i] * b[i];
        return sum;
    }

    public void Dispose() => _index.Dispose();
}
