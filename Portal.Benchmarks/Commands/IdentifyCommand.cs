using System.Globalization;
using Portal.Benchmarks.Support;

namespace Portal.Benchmarks.Commands;

/// <summary>
/// identify --images &lt;tree&gt;: leave-one-out rank-1 identification, and searches for people absent from the
/// gallery (each identity left out in turn), which should return no candidate at the default threshold.
/// </summary>
internal static class IdentifyCommand
{
    public static async Task<int> RunAsync(Arguments arguments)
    {
        var root = arguments.Required("images");
        var images = Embeddings.Tree(root);
        using var pipeline = Engine.Create();
        var embeddings = await Embeddings.OfAsync(pipeline, root, images.Select(i => i.Path));
        var usable = images.Where(i => embeddings[i.Path] is not null).ToList();
        var threshold = Engine.Options.DefaultThreshold;

        var hits = 0;
        var misses = new List<string>();
        foreach (var probe in usable)
        {
            var best = usable.Where(g => g.Path != probe.Path)
                .MaxBy(g => Embeddings.Cosine(embeddings[probe.Path]!, embeddings[g.Path]!));
            if (best.Identity == probe.Identity) hits++; else misses.Add($"{probe.Path} -> {best.Path}");
        }

        var unknownSearches = 0;
        var unknownWithCandidates = 0;
        foreach (var probe in usable)
        {
            unknownSearches++;
            var strangersOnly = usable.Where(g => g.Identity != probe.Identity);
            if (strangersOnly.Any(g => Embeddings.Cosine(embeddings[probe.Path]!, embeddings[g.Path]!) >= threshold))
                unknownWithCandidates++;
        }

        Console.WriteLine($"images: {images.Count}, with a usable face: {usable.Count}");
        Console.WriteLine($"rank-1 (leave one out): {hits} of {usable.Count}{(misses.Count > 0 ? $"; misses: {string.Join("; ", misses)}" : "")}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"searches for someone not in the gallery: {unknownSearches}, with any candidate at {threshold:0.000}: {unknownWithCandidates}"));
        Console.WriteLine($"RESULT identify probes={usable.Count} rank1={hits} unknown_searches={unknownSearches} unknown_with_candidates={unknownWithCandidates}");
        JsonReport.WriteIfAsked(arguments, new Dictionary<string, object?>
        {
            ["probes"] = usable.Count, ["rank1"] = hits, ["unknown_searches"] = unknownSearches, ["unknown_with_candidates"] = unknownWithCandidates,
        });
        return 0;
    }
}
