using Portal.Infrastructure.Evaluations;
using Portal.Infrastructure.Face;

namespace Portal.Benchmarks.Support;

/// <summary>The embedding of the best usable face of each image (null when none passed quality).</summary>
internal static class Embeddings
{
    /// <summary>
    /// Through the portal's upload path (<see cref="UploadedPhotos"/>), so an image the portal refuses — a WebP named
    /// .jpg, say — is reported with the portal's reason and counted as having no usable face, never a crash.
    /// </summary>
    public static async Task<Dictionary<string, float[]?>> OfAsync(FacePipeline pipeline, string root, IEnumerable<string> relativePaths)
    {
        Dictionary<string, PhotoReading> readings;
        using (var photos = new UploadedPhotos(pipeline, Engine.Reader, Directory.CreateTempSubdirectory("reunite-embeddings").FullName))
            readings = await photos.ReadAllAsync(root, relativePaths);
        foreach (var refused in readings.Values.Where(r => r.Refused))
            Console.Error.WriteLine($"refused {refused.File}: {refused.Refusal}");
        return readings.ToDictionary(r => r.Key, r => r.Value.Embedding, StringComparer.Ordinal);
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
