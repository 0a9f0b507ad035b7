using Microsoft.Extensions.DependencyInjection;

namespace Portal.Infrastructure.Lifecycle.Holds;

/// <summary>Legal holds: placing, confirming and releasing them, and the reads behind their admin page.</summary>
internal static class HoldsRegistration
{
    public static IServiceCollection AddLegalHolds(this IServiceCollection services)
    {
        services.AddSingleton<LegalHolds>();
        services.AddSingleton<HoldDirectory>();
        return services;
    }
}
