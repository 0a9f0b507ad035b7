using Portal.Infrastructure.Face;

namespace Portal.Benchmarks.Support;

/// <summary>The embedding of the best usable face of each image (null when none passed quality).</summary>
internal static class Embeddings
{
    public static async Task<Dictionary<string, float[]?>> OfAsync(FacePipeline pipeline, string root, IEnumerable<string> relativePaths)
    {
        var result = new Dictionary<string, float[]?>(StringComparer.Ordinal);
        foreach (var path in relativePaths.Distinct())
        {
            await using var stream = File.OpenRead(Path.Combine(root, path));
            var analysis = await pipeline.AnalyzeAsync(stream);
            result[path] = analysis.Faces.FirstOrDefault(f => f.Quality.Passed)?.Embedding;
        }
        return result;
    }

    public static float Cosine(float[] a, float[] b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
            sum += a[i] * b[i];
        return (float)sum;
    }

    /// <summary>Identity per image of a folder-per-identity tree, as paths relative to the tree's root.</summary>
    public static List<(string Path, string Identity)> Tree(string root) =>
        Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal)
            .SelectMany(folder => Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal)
                .Where(f => f.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".jpeg", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
                .Select(file => (Path.GetRelativePath(root, file), Path.GetFileName(folder))))
            .ToList();
}
