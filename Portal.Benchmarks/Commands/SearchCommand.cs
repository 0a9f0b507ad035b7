using System.Diagnostics;
using System.Globalization;
using Portal.Benchmarks.Support;
using Portal.Domain.Faces;
using Portal.Infrastructure.Face;

namespace Portal.Benchmarks.Commands;

/// <summary>
/// search --size N [--dim 512] [--k 10] [--queries Q]: a random normalised index of N faces; build time, query
/// times, memory, and agreement of the top k with a double-precision brute force over the same stored vectors.
/// With --planted, <see cref="PlantedSearchCommand"/>: recall above a threshold, with and without a gallery filter.
/// </summary>
internal static class SearchCommand
{
    public static int Run(Arguments arguments)
    {
        if (arguments.Optional("planted") is not null)
            return PlantedSearchCommand.Run(arguments);
        var size = arguments.Int("size", 1_000_000);
        var dim = arguments.Int("dim", InMemoryFaceIndex.Dimensions);
        var k = arguments.Int("k", 10);
        var queries = arguments.Int("queries", 100);
        var checkedQueries = arguments.Int("checked", 20);
        if (dim != InMemoryFaceIndex.Dimensions)
            throw new ArgumentException($"The index stores {InMemoryFaceIndex.Dimensions}-d embeddings (the model's output).");

        var random = new Random(20261126);
        var gallery = Guid.NewGuid();
        var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
        using var index = new InMemoryFaceIndex();
        var build = Stopwatch.StartNew();
        var vector = new float[dim];
        for (var i = 0; i < size; i++)
        {
            RandomUnit(random, vector);
            index.Upsert(new IndexedFace(Guid.NewGuid(), gallery, vector));
        }
        var buildSeconds = build.Elapsed.TotalSeconds;
        var indexMb = (GC.GetTotalMemory(forceFullCollection: true) - memoryBefore) / (1024.0 * 1024.0);

        var galleries = new HashSet<Guid> { gallery };
        var times = new List<double>();
        var queryVectors = Enumerable.Range(0, queries + 5).Select(_ => RandomUnit(random, new float[dim])).ToList();
        var results = new List<IReadOnlyList<FaceMatch>>();
        for (var q = 0; q < queryVectors.Count; q++)
        {
            var clock = Stopwatch.StartNew();
            var found = index.Search(queryVectors[q], galleries, k, threshold: -1f);
            if (q >= 5)
            {
                times.Add(clock.Elapsed.TotalMilliseconds);
                results.Add(found);
            }
        }

        var agreement = Agreement(index, queryVectors.Skip(5).Take(checkedQueries).ToList(), results, k);
        Console.WriteLine(Invariant($"index: {size:N0} faces × {dim}, built in {buildSeconds:0.0} s, {indexMb:0} MB managed memory"));
        Console.WriteLine(Invariant($"top-{k} query over {queries} random queries: median {Stats.Median(times):0.0} ms, p90 {Stats.Percentile(times, 0.9):0.0} ms on {Environment.ProcessorCount} cores"));
        Console.WriteLine(Invariant($"agreement with a double-precision brute force over the stored vectors: {agreement:P2} of top-{k} positions ({checkedQueries} queries)"));
        Console.WriteLine(Invariant($"RESULT search size={size} dim={dim} k={k} query_median_ms={Stats.Median(times):0.0} query_p90_ms={Stats.Percentile(times, 0.9):0.0} index_mb={indexMb:0} agreement={agreement:0.0000} build_s={buildSeconds:0.0}"));
        JsonReport.WriteIfAsked(arguments, new Dictionary<string, object?>
        {
            ["size"] = size, ["dim"] = dim, ["k"] = k, ["query_median_ms"] = Math.Round(Stats.Median(times), 2),
            ["query_p90_ms"] = Math.Round(Stats.Percentile(times, 0.9), 2), ["index_mb"] = Math.Round(indexMb, 1),
            ["agreement"] = Math.Round(agreement, 5), ["build_s"] = Math.Round(buildSeconds, 2),
        });
        return 0;
    }

    /// <summary>Fraction of top-k positions where the index names the same face as an exact brute force.</summary>
    private static double Agreement(InMemoryFaceIndex index, List<float[]> queries, List<IReadOnlyList<FaceMatch>> results, int k)
    {
        var stored = index.StoredVectors().ToList();
        var same = 0;
        for (var q = 0; q < queries.Count; q++)
        {
            var exact = stored
                .Select(s => (s.FaceId, Score: ExactDot(queries[q], s.Vector)))
                .OrderByDescending(s => s.Score).Take(k).Select(s => s.FaceId).ToList();
            same += exact.Zip(results[q], (e, r) => e == r.FaceId ? 1 : 0).Sum();
        }
        return same / (double)(queries.Count * k);
    }

    private static double ExactDot(float[] a, float[] b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
            sum += (double)a[i] * b[i];
        return sum;
    }

    private static float[] RandomUnit(Random random, float[] vector)
    {
        for (var i = 0; i < vector.Length; i++)
        {
            // Box–Muller: normal components make the direction uniform on the sphere.
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            vector[i] = (float)(Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }
        FaceEmbedder.Normalise(vector);
        return vector;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
