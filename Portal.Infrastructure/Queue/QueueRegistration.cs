using Microsoft.Extensions.DependencyInjection;

namespace Portal.Infrastructure.Queue;

/// <summary>The database-backed job queue: its jobs, their handlers, the workers and the admin's view.</summary>
internal static class QueueRegistration
{
    public static IServiceCollection AddQueue(this IServiceCollection services)
    {
        services.AddSingleton<JobQueue>();
        services.AddSingleton<JobGate>();
        services.AddSingleton<VersionedSearch>();
        services.AddSingleton<QueueAdministration>();
        services.AddSingleton<IJobHandler, IndexImageHandler>();
        services.AddSingleton<IJobHandler, SearchProbeHandler>();
        services.AddSingleton<IJobHandler, SearchTemplateHandler>();
        services.AddSingleton<IJobHandler, EraseHandler>();
        services.AddSingleton<IJobHandler, RetentionSweepHandler>();
        services.AddSingleton<IJobHandler, EvaluateHandler>();
        services.AddSingleton<IJobHandler, ReindexHandler>();
        services.AddSingleton<QueueWorker>();
        services.AddHostedService(provider => provider.GetRequiredService<QueueWorker>());
        return services;
    }
}
