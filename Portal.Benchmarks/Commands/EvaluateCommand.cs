using System.Globalization;
using Portal.Benchmarks.Support;
using Portal.Domain.Accuracy;
using Portal.Infrastructure.Evaluations;

namespace Portal.Benchmarks.Commands;

/// <summary>
/// evaluate --pairs &lt;csv&gt; --images &lt;dir&gt;: verification accuracy on labelled pairs; or evaluate --labels
/// &lt;csv&gt; (see <see cref="EvaluateLabels"/>): the same, overall and per group, from a labelled photo set.
/// </summary>
internal static class EvaluateCommand
{
    public static async Task<int> RunAsync(Arguments arguments)
    {
        if (arguments.Optional("labels") is not null)
            return await EvaluateLabels.RunAsync(arguments);
        var root = arguments.Required("images");
        var pairs = ReadPairs(arguments.Required("pairs"));
        Dictionary<string, PhotoReading> readings;
        using (var pipeline = Engine.Create())
        using (var photos = new UploadedPhotos(pipeline, Engine.Reader, Directory.CreateTempSubdirectory("reunite-evaluate").FullName))
            readings = await photos.ReadAllAsync(root, pairs.SelectMany(p => new[] { p.A, p.B }));
        var embeddings = readings.ToDictionary(r => r.Key, r => r.Value.Embedding, StringComparer.Ordinal);
        var noFace = readings.Values.Where(r => r.NoFace).Select(r => r.File).Order(StringComparer.Ordinal).ToList();
        var refused = readings.Values.Where(r => r.Refused).OrderBy(r => r.File, StringComparer.Ordinal).ToList();

        var scored = pairs.Where(p => embeddings[p.A] is not null && embeddings[p.B] is not null)
            .Select(p => (p.A, p.B, p.Same, Score: (double)Embeddings.Cosine(embeddings[p.A]!, embeddings[p.B]!))).ToList();
        if (arguments.Optional("verbose") is not null)
        {
            foreach (var worst in scored.Where(s => s.Same).OrderBy(s => s.Score).Take(5))
                Console.WriteLine(Invariant($"  low genuine  {worst.Score:0.000} {worst.A} ~ {worst.B}"));
            foreach (var worst in scored.Where(s => !s.Same).OrderByDescending(s => s.Score).Take(5))
                Console.WriteLine(Invariant($"  high impostor {worst.Score:0.000} {worst.A} ~ {worst.B}"));
        }
        var genuine = scored.Where(s => s.Same).Select(s => s.Score).ToList();
        var impostor = scored.Where(s => !s.Same).Select(s => s.Score).ToList();
        var threshold = Engine.Options.DefaultThreshold;

        Console.WriteLine($"pairs: {pairs.Count} ({genuine.Count} genuine, {impostor.Count} impostor scored; {pairs.Count - scored.Count} skipped for want of a face or refused)");
        Console.WriteLine($"images with no usable face: {noFace.Count}{(noFace.Count > 0 ? $" ({string.Join(", ", noFace)})" : "")}");
        Console.WriteLine($"images the portal refuses: {refused.Count}");
        foreach (var photo in refused)
            Console.WriteLine($"  refused {photo.File}: {photo.Refusal}");
        // Min and Max of nothing would throw: a set where every photo was refused ends with a sentence instead.
        if (genuine.Count == 0 || impostor.Count == 0)
        {
            Console.Error.WriteLine($"evaluate: nothing to measure; {genuine.Count} genuine and {impostor.Count} impostor pairs could be scored.");
            return 1;
        }
        Console.WriteLine(Invariant($"genuine  similarity: min {genuine.Min():0.000}, median {Stats.Median(genuine):0.000}"));
        Console.WriteLine(Invariant($"impostor similarity: max {impostor.Max():0.000}, median {Stats.Median(impostor):0.000}"));
        Console.WriteLine("threshold   TPR     FPR");
        foreach (var t in new[] { (double)threshold }.Concat(Enumerable.Range(0, 7).Select(i => 0.30 + 0.05 * i)))
            Console.WriteLine(Invariant($"{t,9:0.000}   {Rate(genuine, t):0.000}   {Rate(impostor, t):0.000}{(t == threshold ? "   (default)" : "")}"));
        var auc = RocArea.Of(new ScoreSets(genuine, impostor)) ?? double.NaN;
        var accuracy = (genuine.Count(g => g >= threshold) + impostor.Count(i => i < threshold)) / (double)scored.Count;
        Console.WriteLine(Invariant($"ROC AUC {auc:0.0000}; accuracy at the default threshold {accuracy:0.0000}"));
        Console.WriteLine(Invariant($"RESULT evaluate pairs={scored.Count} no_face={noFace.Count} refused={refused.Count} genuine_min={genuine.Min():0.000} impostor_max={impostor.Max():0.000} threshold={threshold:0.000} tpr={Rate(genuine, threshold):0.000} fpr={Rate(impostor, threshold):0.000} accuracy={accuracy:0.0000} auc={auc:0.0000}"));

        JsonReport.WriteIfAsked(arguments, new Dictionary<string, object?>
        {
            ["pairs"] = scored.Count, ["no_face"] = noFace.Count, ["refused"] = refused.Count,
            ["refused_files"] = refused.Select(r => new Dictionary<string, string?> { ["file"] = r.File, ["reason"] = r.Refusal }).ToList(),
            ["genuine_min"] = Math.Round(genuine.Min(), 4),
            ["impostor_max"] = Math.Round(impostor.Max(), 4), ["threshold"] = threshold, ["tpr"] = Math.Round(Rate(genuine, threshold), 4),
            ["fpr"] = Math.Round(Rate(impostor, threshold), 4), ["accuracy"] = Math.Round(accuracy, 4), ["auc"] = Math.Round(auc, 4),
        });
        return 0;
    }

    private static List<(string A, string B, bool Same)> ReadPairs(string path) =>
        File.ReadLines(path)
            .Select(line => line.Split(','))
            .Where(parts => parts.Length == 3 && parts[2].Trim() is "0" or "1")
            .Select(parts => (parts[0].Trim(), parts[1].Trim(), parts[2].Trim() == "1"))
            .ToList();

    private static double Rate(List<double> scores, double threshold) => scores.Count == 0 ? double.NaN : scores.Count(s => s >= threshold) / (double)scores.Count;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
