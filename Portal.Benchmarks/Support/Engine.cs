using Microsoft.Extensions.Logging.Abstractions;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Imaging;
using Portal.Infrastructure.Options;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace Portal.Benchmarks.Support;

/// <summary>The portal's own face engine and image reader, with the portal's default options.</summary>
internal static class Engine
{
    public static FaceOptions Options { get; } = new();

    /// <summary>The pipeline version the engine computes: the shipped one unless a command says --pipeline-version.</summary>
    public static int PipelineVersion { get; set; } = FacePipelineVersion.Current;

    public static SafeImageReader Reader { get; } = new(MsOptions.Create(new ImageLimits()));

    public static FacePipeline Create(int? intraOpThreads = null)
    {
        var options = new FaceOptions { IntraOpThreads = intraOpThreads ?? Options.IntraOpThreads, PipelineVersion = PipelineVersion };
        var store = new ModelStore(MsOptions.Create(options), NullLogger<ModelStore>.Instance);
        if (!store.Status.IsAvailable)
            throw new InvalidOperationException(string.Join(" ", store.Status.Problems));
        return new FacePipeline(store, Reader, MsOptions.Create(options));
    }
}
