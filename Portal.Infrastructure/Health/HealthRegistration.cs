using Microsoft.Extensions.DependencyInjection;

namespace Portal.Infrastructure.Health;

/// <summary>The parts <c>/health</c> reports on: the database, the face models and the queue.</summary>
internal static class HealthRegistration
{
    public static IServiceCollection AddPortalHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<FaceModelsHealthCheck>("models")
            .AddCheck<QueueHealthCheck>("queue")
            .AddCheck<FaceIndexHealthCheck>("faceIndex")
            .AddCheck<DatabaseHealthCheck>("database");
        return services;
    }
}
