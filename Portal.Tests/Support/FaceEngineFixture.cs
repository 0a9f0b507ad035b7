using Microsoft.Extensions.Logging.Abstractions;
using Portal.Domain.Faces;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Imaging;
using Portal.Infrastructure.Options;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace Portal.Tests.Support;

/// <summary>One face pipeline on the real models for all face tests (loading the models once), and the analyses of the labelled photos.</summary>
public sealed class FaceEngineFixture : IDisposable
{
    private readonly Dictionary<string, FaceAnalysis> _analyses = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public FaceEngineFixture()
    {
        // The analysis tests measure the best pipeline this build has (version 2, the mirrored edge: opt-in for now).
        Options = new FaceOptions { PipelineVersion = FacePipelineVersion.MirroredEdge };
        Reader = new SafeImageReader(MsOptions.Create(new ImageLimits()));
        var store = new ModelStore(MsOptions.Create(Options), NullLogger<ModelStore>.Instance);
        Pipeline = new FacePipeline(store, Reader, MsOptions.Create(Options));
    }

    public FaceOptions Options { get; }
    public SafeImageReader Reader { get; }
    public FacePipeline Pipeline { get; }

    /// <summary>The analysis of a photo under ../shared/faces, computed once.</summary>
    public FaceAnalysis Analyse(string relativePath)
    {
        lock (_lock)
        {
            if (_analyses.TryGetValue(relativePath, out var cached))
                return cached;
        }
        using var stream = System.IO.File.OpenRead(SharedFaces.File(relativePath));
        var analysis = Pipeline.AnalyzeAsync(stream).GetAwaiter().GetResult();
        lock (_lock)
            _analyses[relativePath] = analysis;
        return analysis;
    }

    public float[]? BestEmbedding(string relativePath) => Analyse(relativePath).Faces.FirstOrDefault(f => f.Quality.Passed)?.Embedding;

    /// <summary>people/&lt;identity&gt;/&lt;file&gt; for every labelled photo.</summary>
    public static IReadOnlyList<(string Path, string Identity)> People() =>
        Directory.EnumerateDirectories(SharedFaces.File("people")).Order(StringComparer.Ordinal)
            .SelectMany(folder => Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal)
                .Select(file => ($"people/{Path.GetFileName(folder)}/{Path.GetFileName(file)}", Path.GetFileName(folder))))
            .ToList();

    public static float Cosine(float[] a, float[] b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
            sum += a[i] * b[i];
        return (float)sum;
    }

    public void Dispose() => Pipeline.Dispose();
}

[CollectionDefinition(Name)]
public sealed class FaceEngineCollection : ICollectionFixture<FaceEngineFixture>
{
    public const string Name = "face engine";
}
