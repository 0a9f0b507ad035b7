using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Faces;

namespace Portal.Infrastructure.Face;

/// <summary>The ONNX face engine and the in-memory face index, loaded from the database at start.</summary>
internal static class FaceRegistration
{
    public static IServiceCollection AddFaceEngine(this IServiceCollection services)
    {
        services.AddSingleton<ModelStore>();
        services.AddSingleton<FacePipeline>();
        services.AddSingleton<IFaceAnalyzer>(provider => provider.GetRequiredService<FacePipeline>());
        services.AddSingleton<InMemoryFaceIndex>();
        services.AddSingleton<IFaceIndex>(provider => provider.GetRequiredService<InMemoryFaceIndex>());
        services.AddSingleton<FaceStore>();
        services.AddHostedService<FaceIndexLoader>();
        return services;
    }
}
