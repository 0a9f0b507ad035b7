using Microsoft.Extensions.DependencyInjection;
using Portal.Infrastructure.Options;

namespace Portal.Infrastructure.Lifecycle;

/// <summary>The deletion log: one file, one writer object per process (its lock serialises this process's appends).</summary>
internal static class DeletionLogRegistration
{
    public static IServiceCollection AddDeletionLog(this IServiceCollection services)
    {
        services.AddOptions<DeletionLogOptions>().BindConfiguration(DeletionLogOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IDeletionLog, FileDeletionLog>();
        return services;
    }
}
