using Microsoft.Extensions.DependencyInjection;

namespace Portal.Infrastructure.Retention;

/// <summary>The published retention schedule and the shorter periods below it.</summary>
internal static class RetentionRegistration
{
    public static IServiceCollection AddRetention(this IServiceCollection services)
    {
        services.AddSingleton<RetentionSchedule>();
        services.AddSingleton<RetentionOverrides>();
        return services;
    }
}
