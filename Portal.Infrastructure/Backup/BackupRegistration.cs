using Microsoft.Extensions.DependencyInjection;
using Portal.Infrastructure.Options;

namespace Portal.Infrastructure.Backup;

/// <summary>The backup and restore commands' services (docs/backup.md).</summary>
internal static class BackupRegistration
{
    public static IServiceCollection AddBackups(this IServiceCollection services)
    {
        services.AddSingleton<DatabaseCopy>();
        services.AddSingleton<BackupService>();
        services.AddSingleton<BackupSeal>();
        services.AddSingleton<BackupExpiry>();
        services.AddSingleton<RestoreService>();
        services.AddSingleton<DeletionReplay>();
        services.AddSingleton<RestoreCompletion>();
        return services;
    }
}
