using Microsoft.Extensions.DependencyInjection;

namespace Portal.Infrastructure.Lifecycle;

/// <summary>The purge engine (issue 16): the eraser, its jobs, the retention sweep and the schedulers.</summary>
internal static class LifecycleRegistration
{
    public static IServiceCollection AddLifecycle(this IServiceCollection services)
    {
        services.AddSingleton<ErasureRows>();
        services.AddSingleton<ErasureAudit>();
        services.AddSingleton<BiometricEraser>();
        services.AddSingleton<CaseReminders>();
        services.AddSingleton<RetentionSweep>();
        services.AddSingleton<RetentionScheduler>();
        services.AddHostedService(provider => provider.GetRequiredService<RetentionScheduler>());
        services.AddSingleton<OrphanFiles>();
        services.AddHostedService<OrphanFileSweep>();
        return services;
    }
}
