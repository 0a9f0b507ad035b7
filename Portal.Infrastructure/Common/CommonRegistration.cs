using Microsoft.Extensions.DependencyInjection;

namespace Portal.Infrastructure.Common;

/// <summary>Pieces every feature shares: the clock and the live-update notifiers.</summary>
internal static class CommonRegistration
{
    public static IServiceCollection AddCommon(this IServiceCollection services)
    {
        services.AddSingleton<TimeProvider>(new MicrosecondClock());
        services.AddSingleton(typeof(Notifier<>));
        return services;
    }
}
