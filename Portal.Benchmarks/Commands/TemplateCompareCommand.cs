using System.Globalization;
using Portal.Benchmarks.Support;
using Portal.Domain.Accuracy;
using Portal.Domain.Faces;

namespace Portal.Benchmarks.Commands;

/// <summary>
/// template-compare --images &lt;tree&gt; [--json file]: several photos of one person as one template (issue 18,
/// point 5). For each identity with at least three usable photos, templates of two (and of three where a fourth photo
/// is left to score) of its photos are scored against every photo outside the template — the same identity's
/// photos are genuine, the others impostors — by (a) the mean of the normalised embeddings and (b) the best of the
/// per-photo scores; (c) single photos against each other are the baseline; (d) the agreement check made before a
/// template is searched, on the same templates and on each with one photo swapped for another person's.
/// </summary>
internal static class TemplateCompareCommand
{
    public static async Task<int> RunAsync(Arguments arguments)
    {
        var root = arguments.Required("images");
        var images = Embeddings.Tree(root);
        using var pipeline = Engine.Create();
        var embeddings = await Embeddings.OfAsync(pipeline, root, images.Select(i => i.Path));
        var usable = images.Where(i => embeddings[i.Path] is not null).Select(i => (i.Path, i.Identity, Embedding: embeddings[i.Path]!)).ToList();
        var threshold = (double)Engine.Options.DefaultThreshold;

        var templates = usable.GroupBy(u => u.Identity).Where(g => g.Count() >= 3)
            .SelectMany(g => Subsets(g.ToList(), 2).Concat(g.Count() >= 4 ? Subsets(g.ToList(), 3) : [])).ToList();
        var mean = new Scores();
        var best = new Scores();
        foreach (var template in templates)
        {
            var photos = template.Select(t => t.Embedding).ToList();
            foreach (var other in usable.Where(u => !template.Any(t => t.Path == u.Path)))
            {
                var same = other.Identity == template[0].Identity;
                mean.Add(same, TemplateScoring.Score(TemplateMethod.MeanEmbedding, photos, other.Embedding));
                best.Add(same, TemplateScoring.Score(TemplateMethod.BestOfPhotos, photos, other.Embedding));
            }
        }
        // The check before a template is searched (TemplateAgreement): a template's weakest photo against the mean of the
        // others. Genuine: the templates above; mixed: each with its last photo swapped for another person's.
        var agreement = new Scores();
        foreach (var template in templates)
        {
            var photos = template.Select(t => t.Embedding).ToList();
            agreement.Add(true, TemplateAgreement.LeaveOneOut(photos).Min());
            foreach (var stranger in usable.Where(u => u.Identity != template[0].Identity))
                agreement.Add(false, TemplateAgreement.LeaveOneOut([.. photos.SkipLast(1), stranger.Embedding]).Min());
        }
        var single = new Scores();
        for (var i = 0; i < usable.Count; i++)
        for (var j = i + 1; j < usable.Count; j++)
            single.Add(usable[i].Identity == usable[j].Identity, TemplateScoring.Cosine(usable[i].Embedding, usable[j].Embedding));

        var rows = new[] { ("mean", "(a) mean of normalised embeddings", mean), ("best", "(b) best of per-photo scores", best), ("single", "(c) single photos (baseline)", single),
                ("agreement", "(d) agreement: weakest photo against the others' mean (impostor: one photo of another person)", agreement) }
            .Select(r => (r.Item1, r.Item2, Figures: r.Item3.Figures(threshold))).ToList();
        Console.WriteLine($"photos with a usable face: {usable.Count} of {images.Count}; templates: {templates.Count} ({templates.Count(t => t.Count == 2)} of two, {templates.Count(t => t.Count == 3)} of three)");
        Console.WriteLine(Invariant($"| method | genuine | impostor | genuine min | impostor max | margin | AUC | FNMR at {threshold:0.00} |"));
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var (_, label, f) in rows)
            Console.WriteLine(Invariant($"| {label} | {f.Genuine} | {f.Impostor} | {f.GenuineMin:0.000} | {f.ImpostorMax:0.000} | {f.Margin:0.000} | {f.Auc:0.0000} | {f.Fnmr:0.000} |"));
        // The widest margin among the methods that keep every impostor below the threshold.
        var chosen = rows.Take(2).Where(r => r.Figures.ImpostorMax < threshold).OrderByDescending(r => r.Figures.Margin).Select(r => r.Item1).FirstOrDefault() ?? "none";
        Console.WriteLine($"chosen: {chosen}");
        Console.WriteLine(Invariant($"RESULT template-compare templates={templates.Count} {string.Join(" ", rows.Select(r => $"{r.Item1}_margin={r.Figures.Margin:0.000} {r.Item1}_impostor_max={r.Figures.ImpostorMax:0.000}"))} chosen={chosen}"));
        var json = new Dictionary<string, object?> { ["photos"] = usable.Count, ["templates"] = templates.Count, ["threshold"] = threshold, ["chosen"] = chosen };
        foreach (var (key, _, f) in rows)
            json[key] = new Dictionary<string, object?>
            {
                ["genuine"] = f.Genuine, ["impostor"] = f.Impostor, ["genuine_min"] = Math.Round(f.GenuineMin, 4), ["impostor_max"] = Math.Round(f.ImpostorMax, 4),
                ["margin"] = Math.Round(f.Margin, 4), ["auc"] = Math.Round(f.Auc, 4), ["fnmr"] = Math.Round(f.Fnmr, 4),
            };
        JsonReport.WriteIfAsked(arguments, json);
        return 0;
    }

    private static IEnumerable<List<T>> Subsets<T>(List<T> items, int size)
    {
        if (size == 0)
        {
            yield return [];
            yield break;
        }
        for (var i = 0; i <= items.Count - size; i++)
            foreach (var rest in Subsets(items.Skip(i + 1).ToList(), size - 1))
                yield return [items[i], .. rest];
    }

    private sealed class Scores
    {
        private readonly List<double> _genuine = [];
        private readonly List<double> _impostor = [];

        public void Add(bool genuine, float score) => (genuine ? _genuine : _impostor).Add(score);

        public Figures Figures(double threshold) => new(_genuine.Count, _impostor.Count, _genuine.Min(), _impostor.Max(), _genuine.Min() - _impostor.Max(),
            RocArea.Of(new ScoreSets(_genuine, _impostor)) ?? double.NaN, _genuine.Count(g => g < threshold) / (double)_genuine.Count);
    }

    private sealed record Figures(int Genuine, int Impostor, double GenuineMin, double ImpostorMax, double Margin, double Auc, double Fnmr);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
