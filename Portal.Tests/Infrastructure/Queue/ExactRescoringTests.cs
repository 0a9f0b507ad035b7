using Portal.Domain.Faces;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Queue;
using Portal.Tests.Support;
using static Portal.Tests.Support.FaceReplicaBed;

namespace Portal.Tests.Infrastructure.Queue;

/// <summary>
/// A search's candidates carry the true cosine of their stored embeddings, not the index's int8 estimate: the score a
/// reviewer reads is the one a person template's per-photo list shows, and the threshold decides on it.
/// </summary>
public sealed class ExactRescoringTests : IDisposable
{
    private const float Threshold = 0.40f;
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task EveryFaceAtOrAboveTheThresholdIsFoundWithItsTrueScoreAndNoFaceBelowIt()
    {
        await using var host = await StartAsync(_data.Path);
        var gallery = Guid.NewGuid();
        var query = NewFace(gallery, 1).EmbeddingVector();
        var random = new Random(7);
        // Within a thousandth either side of the threshold, where the index's int8 estimate decides wrongly for some.
        var faces = Enumerable.Range(0, 120).Select(i => At(gallery, query, Threshold + (i % 2 == 0 ? 1 : -1) * 0.0009f * (float)random.NextDouble(), random)).ToList();
        await host.Get<FaceStore>().AddAsync(faces);
        await host.Get<FaceIndexReplica>().LoadAsync();

        var found = await host.Get<VersionedSearch>().SearchAsync(FacePipelineVersion.Current, query, new HashSet<Guid> { gallery }, 200, Threshold, CancellationToken.None);

        var expected = faces.Where(f => TemplateScoring.Cosine(query, f.EmbeddingVector()) >= Threshold).Select(f => f.Id).ToHashSet();
        Assert.InRange(expected.Count, 40, 80);
        Assert.Equal(expected, found!.Select(m => m.FaceId).ToHashSet());
        Assert.All(found!, m => Assert.Equal(TemplateScoring.Cosine(query, faces.Single(f => f.Id == m.FaceId).EmbeddingVector()), m.Similarity));
        Assert.Equal(found!.OrderByDescending(m => m.Similarity).Select(m => m.FaceId), found!.Select(m => m.FaceId));
    }

    [Fact]
    public async Task TheTopKAreTheTrueBestAndAFaceDeletedSinceTheSearchIsLeftOut()
    {
        var gallery = Guid.NewGuid();
        var query = NewFace(gallery, 1).EmbeddingVector();
        var random = new Random(11);
        var embeddings = Enumerable.Range(0, 30).Select(i => At(gallery, query, 0.7f + 0.0001f * i, random))
            .ToDictionary(f => f.Id, f => f.EmbeddingVector());
        // As the index might rank them: its estimates put the true best last.
        var found = embeddings.Keys.Select((id, i) => new FaceMatch(id, gallery, 0.9f - 0.001f * (29 - i))).Reverse().ToList();
        var deleted = found[0];
        embeddings.Remove(embeddings.Keys.Last());

        var kept = ExactRescoring.Rescore(query, found, embeddings, 5, Threshold);

        var trueBest = embeddings.OrderByDescending(e => TemplateScoring.Cosine(query, e.Value)).Take(5).Select(e => e.Key);
        Assert.Equal(trueBest, kept.Select(m => m.FaceId));
        Assert.DoesNotContain(kept, m => m.FaceId == deleted.FaceId);
    }

    /// <summary>A unit face whose cosine with <paramref name="query"/> is <paramref name="cosine"/>.</summary>
    private static StoredFace At(Guid gallery, float[] query, float cosine, Random random)
    {
        var other = Enumerable.Range(0, query.Length).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        var along = other.Zip(query, (o, q) => o * q).Sum();
        for (var i = 0; i < other.Length; i++)
            other[i] -= along * query[i];
        var norm = MathF.Sqrt(other.Sum(v => v * v));
        var vector = query.Zip(other, (q, o) => cosine * q + MathF.Sqrt(1 - cosine * cosine) * o / norm).ToArray();
        return new StoredFace
        {
            GalleryId = gallery, ImageId = Guid.NewGuid(), Width = 100, Height = 100, DetectionScore = 1,
            Embedding = StoredFace.Pack(vector), PipelineVersion = FacePipelineVersion.Current,
        };
    }

    public void Dispose() => _data.Dispose();
}
