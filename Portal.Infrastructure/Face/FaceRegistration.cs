using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Faces;

namespace Portal.Infrastructure.Face;

/// <summary>The ONNX face engine and the in-memory face index, kept in step with the face change log by this process's replica.</summary>
internal static class FaceRegistration
{
    public static IServiceCollection AddFaceEngine(this IServiceCollection services)
    {
        services.AddSingleton<ModelStore>();
        services.AddSingleton<FacePipeline>();
        services.AddSingleton<IFaceAnalyzer>(provider => provider.GetRequiredService<FacePipeline>());
        // Searches go through the active-version index, which the replica swaps whole when the active version changes.
        // The container holds no index itself: a singleton here would keep the first version's vectors alive for good.
        services.AddSingleton(_ => new ActiveFaceIndex(new InMemoryFaceIndex(), () => new InMemoryFaceIndex()));
        services.AddSingleton<IFaceIndex>(provider => provider.GetRequiredService<ActiveFaceIndex>());
        services.AddSingleton<PipelineVersionCheck>();
        services.AddSingleton<FaceReindex>();
        services.AddSingleton<ReindexProgress>();
        services.AddSingleton<FaceIndexReplica>();
        services.AddSingleton<FaceIndexReplicaService>();
        services.AddHostedService(provider => provider.GetRequiredService<FaceIndexReplicaService>());
        services.AddSingleton<FaceReplicaReports>();
        services.AddSingleton<FaceStore>();
        services.AddSingleton<FaceCodeBackfill>();
        services.AddSingleton<FaceCodeBackfillService>();
        services.AddHostedService(provider => provider.GetRequiredService<FaceCodeBackfillService>());
        return services;
    }
}
