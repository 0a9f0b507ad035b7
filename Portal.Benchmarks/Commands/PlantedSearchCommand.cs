using System.Diagnostics;
using System.Globalization;
using Portal.Benchmarks.Support;
using Portal.Domain.Faces;
using Portal.Infrastructure.Face;

namespace Portal.Benchmarks.Commands;

/// <summary>
/// search --planted N --size S [--galleries 100] [--threshold 0.40] [--k 10] [--checked 3] [--json file]: S faces in
/// G galleries, of which N queries × <see cref="PlantedSimilarities"/> are planted at known similarities to a query
/// (all in gallery 0) and the rest are random directions. Each query is searched over every gallery and over gallery 0
/// alone (1 % of 100). Recall above the threshold: of the faces that should be in the top k (exact score at or above
/// the threshold), the share returned; for --checked queries the truth is a brute force over every face, so a random
/// face above the threshold would count too.
/// </summary>
internal static class PlantedSearchCommand
{
    /// <summary>Dense around the default threshold, where a bound that is too tight would lose faces first.</summary>
    private static readonly float[] PlantedSimilarities = [0.30f, 0.35f, 0.38f, 0.40f, 0.42f, 0.45f, 0.50f, 0.60f, 0.75f, 0.95f];
    private const int Dimensions = InMemoryFaceIndex.Dimensions;
    private const int Batch = 65_536;

    public static int Run(Arguments arguments)
    {
        var queries = arguments.Int("planted", 100);
        var size = arguments.Int("size", 1_000_000);
        var galleryCount = arguments.Int("galleries", 100);
        var k = arguments.Int("k", 10);
        var threshold = float.Parse(arguments.Optional("threshold") ?? "0.40", CultureInfo.InvariantCulture);
        var bruteForced = arguments.Int("checked", 3);
        var planted = queries * PlantedSimilarities.Length;
        if (planted > size)
            throw new ArgumentException($"--size must hold the {planted:N0} planted faces.");

        var galleries = Enumerable.Range(0, galleryCount).Select(_ => Guid.NewGuid()).ToArray();
        var queryVectors = Enumerable.Range(0, queries).Select(q => RandomVectors.Unit(new Xoshiro((ulong)q + 1), new float[Dimensions])).ToList();
        var plantedIds = new List<Guid>[queries];
        var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
        Stats.ResetPeakRss();
        using var index = new InMemoryFaceIndex();

        var upserting = new Stopwatch();
        AddRandomFaces(index, size - planted, galleries, upserting);
        var vector = new float[Dimensions];
        var plantRandom = new Xoshiro(77);
        for (var q = 0; q < queries; q++)
        {
            plantedIds[q] = [];
            foreach (var similarity in PlantedSimilarities)
            {
                RandomVectors.AtSimilarity(queryVectors[q], similarity, plantRandom, vector);
                var id = Guid.NewGuid();
                upserting.Start();
                index.Upsert(id, galleries[0], vector);
                upserting.Stop();
                plantedIds[q].Add(id);
            }
        }
        var buildSeconds = upserting.Elapsed.TotalSeconds;
        var indexMb = (GC.GetTotalMemory(forceFullCollection: true) - memoryBefore) / 1048576.0;

        var all = galleries.ToHashSet();
        var one = new HashSet<Guid> { galleries[0] };
        var wide = Measure(index, queryVectors, plantedIds, all, k, threshold, bruteForced);
        var narrow = Measure(index, queryVectors, plantedIds, one, k, threshold, bruteForced: 0);
        var counters = index.Counters;
        var meanShortlist = counters.ShortlistSearches == 0 ? 0 : counters.ShortlistedFaces / (double)counters.ShortlistSearches;

        Console.WriteLine(Invariant($"index: {size:N0} faces in {galleryCount} galleries, {planted:N0} planted; built in {buildSeconds:0.0} s ({size / buildSeconds:N0} faces/s), {indexMb:0} MB managed, peak resident {Stats.PeakRssMegabytes():0} MB"));
        Console.WriteLine(Invariant($"all galleries: top-{k} at threshold {threshold:0.00}: median {wide.Median:0.00} ms, p90 {wide.P90:0.00} ms; recall above the threshold {wide.Recall:0.0000} ({wide.Expected} faces)"));
        Console.WriteLine(Invariant($"1 gallery of {galleryCount}: median {narrow.Median:0.00} ms, p90 {narrow.P90:0.00} ms; recall above the threshold {narrow.Recall:0.0000} ({narrow.Expected} faces)"));
        Console.WriteLine(Invariant($"shortlists: {counters.ShortlistSearches} searches, mean {meanShortlist:0.0} faces scored exactly; exact scans fallen back to: {counters.ExactScans}"));
        Console.WriteLine(Invariant($"RESULT search-planted size={size} query_median_ms={wide.Median:0.00} query_p90_ms={wide.P90:0.00} recall_above_threshold={wide.Recall:0.0000} filtered_query_median_ms={narrow.Median:0.00} index_mb={indexMb:0} build_s={buildSeconds:0.0}"));
        JsonReport.WriteIfAsked(arguments, new Dictionary<string, object?>
        {
            ["size"] = size, ["galleries"] = galleryCount, ["planted_queries"] = queries, ["k"] = k, ["threshold"] = threshold,
            ["query_median_ms"] = Math.Round(wide.Median, 3), ["query_p90_ms"] = Math.Round(wide.P90, 3),
            ["recall_above_threshold"] = Math.Round(wide.Recall, 5), ["expected_above_threshold"] = wide.Expected,
            ["filtered_query_median_ms"] = Math.Round(narrow.Median, 3), ["filtered_query_p90_ms"] = Math.Round(narrow.P90, 3),
            ["filtered_recall_above_threshold"] = Math.Round(narrow.Recall, 5),
            ["index_mb"] = Math.Round(indexMb, 1), ["peak_rss_mb"] = Math.Round(Stats.PeakRssMegabytes(), 1),
            ["build_s"] = Math.Round(buildSeconds, 2), ["build_faces_per_s"] = Math.Round(size / buildSeconds),
            ["mean_shortlist"] = Math.Round(meanShortlist, 1), ["exact_scans"] = counters.ExactScans,
        });
        return 0;
    }

    /// <summary>
    /// Fills the index with random faces through the bulk path a start-up load takes. Its own method, so the
    /// 128 MiB staging buffer is unreachable when the index's memory is measured.
    /// </summary>
    private static void AddRandomFaces(InMemoryFaceIndex index, int count, Guid[] galleries, Stopwatch upserting)
    {
        var buffer = new float[Batch * Dimensions];
        for (var start = 0; start < count; start += Batch)
        {
            var inBatch = Math.Min(Batch, count - start);
            RandomVectors.Fill(buffer, inBatch, seed: (ulong)start + 1_000_003);
            var ids = Enumerable.Range(0, inBatch).Select(_ => Guid.NewGuid()).ToList();
            var inGalleries = Enumerable.Range(start, inBatch).Select(i => galleries[i % galleries.Length]).ToList();
            upserting.Start();
            index.UpsertMany(ids, inGalleries, buffer.AsMemory(0, inBatch * Dimensions));
            upserting.Stop();
        }
    }

    private static (double Median, double P90, double Recall, int Expected) Measure(
        InMemoryFaceIndex index, List<float[]> queries, List<Guid>[] plantedIds, HashSet<Guid> galleries, int k, float threshold, int bruteForced)
    {
        for (var warm = 0; warm < Math.Min(3, queries.Count); warm++)
            index.Search(queries[warm], galleries, k, threshold);
        var times = new List<double>();
        int expected = 0, found = 0;
        for (var q = 0; q < queries.Count; q++)
        {
            var clock = Stopwatch.StartNew();
            var matches = index.Search(queries[q], galleries, k, threshold);
            times.Add(clock.Elapsed.TotalMilliseconds);
            var truth = q < bruteForced
                ? index.BruteForceAtOrAbove(queries[q], threshold).Where(t => galleries.Contains(t.GalleryId)).Select(t => (t.FaceId, t.Similarity)).ToList()
                : plantedIds[q].Select(id => (FaceId: id, Similarity: index.ExactSimilarity(id, queries[q])!.Value)).Where(p => p.Similarity >= threshold).ToList();
            var shouldFind = truth.OrderByDescending(t => t.Similarity).Take(k).Select(t => t.FaceId).ToList();
            var returned = matches.Select(m => m.FaceId).ToHashSet();
            expected += shouldFind.Count;
            found += shouldFind.Count(returned.Contains);
        }
        return (Stats.Median(times), Stats.Percentile(times, 0.9), expected == 0 ? double.NaN : found / (double)expected, expected);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
