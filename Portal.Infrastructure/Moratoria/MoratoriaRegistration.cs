using Microsoft.Extensions.DependencyInjection;

namespace Portal.Infrastructure.Moratoria;

/// <summary>The moratorium schedule, the gate every door asks, and the enforcer that holds work and ends sessions.</summary>
internal static class MoratoriaRegistration
{
    public static IServiceCollection AddMoratoria(this IServiceCollection services)
    {
        services.AddSingleton<MoratoriumSchedule>();
        services.AddSingleton<MoratoriumGate>();
        services.AddSingleton<MoratoriumEnforcer>();
        services.AddHostedService(provider => provider.GetRequiredService<MoratoriumEnforcer>());
        return services;
    }
}
