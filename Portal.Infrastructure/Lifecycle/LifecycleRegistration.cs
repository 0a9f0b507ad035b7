using Microsoft.Extensions.DependencyInjection;
using Portal.Infrastructure.Options;

namespace Portal.Infrastructure.Lifecycle;

/// <summary>The biometric data lifecycle (issue 16): the deletion log, the trash, the eraser, its jobs, the retention sweep (with the erasure of removed accounts and expired case records) and the schedulers.</summary>
internal static class LifecycleRegistration
{
    public static IServiceCollection AddLifecycle(this IServiceCollection services)
    {
        // One file, one writer object per process: its lock serialises this process's appends.
        services.AddOptions<DeletionLogOptions>().BindConfiguration(DeletionLogOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IDeletionLog, FileDeletionLog>();
        services.AddSingleton<ErasureRows>();
        services.AddSingleton<ErasureAudit>();
        services.AddSingleton<ErasureHoldCheck>();
        services.AddSingleton<BiometricEraser>();
        services.AddSingleton<CaseReminders>();
        services.AddSingleton<AccountErasure>();
        services.AddSingleton<RemovedAccountClocks>();
        services.AddSingleton<CaseRecordExpiry>();
        services.AddSingleton<RetentionSweep>();
        services.AddSingleton<RetentionScheduler>();
        services.AddHostedService(provider => provider.GetRequiredService<RetentionScheduler>());
        services.AddSingleton<OrphanFiles>();
        services.AddSingleton<SentMailExpiry>();
        services.AddHostedService<OrphanFileSweep>();
        services.AddSingleton<Trash>();
        return services;
    }
}
