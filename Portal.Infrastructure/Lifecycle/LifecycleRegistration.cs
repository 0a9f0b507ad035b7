using Microsoft.Extensions.DependencyInjection;

namespace Portal.Infrastructure.Lifecycle;

/// <summary>The biometric data lifecycle: the trash (and, with the purge engine, the sweeps that empty it).</summary>
internal static class LifecycleRegistration
{
    public static IServiceCollection AddLifecycle(this IServiceCollection services)
    {
        services.AddSingleton<Trash>();
        return services;
    }
}
