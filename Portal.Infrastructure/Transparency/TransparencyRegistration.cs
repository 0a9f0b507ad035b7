using Microsoft.Extensions.DependencyInjection;

namespace Portal.Infrastructure.Transparency;

/// <summary>The public transparency report: one shared, briefly cached instance for the page and its downloads.</summary>
internal static class TransparencyRegistration
{
    public static IServiceCollection AddTransparency(this IServiceCollection services)
    {
        services.AddSingleton<QuarterPublication>();
        services.AddSingleton<TransparencyReports>();
        return services;
    }
}
