using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Infrastructure.Common.Relay;
using Portal.Infrastructure.Options;

namespace Portal.Infrastructure.Common;

/// <summary>Pieces every feature shares: the clock and the live-update notifiers.</summary>
internal static class CommonRegistration
{
    public static IServiceCollection AddCommon(this IServiceCollection services)
    {
        services.AddSingleton<TimeProvider>(new MicrosecondClock());
        services.AddSingleton(typeof(Notifier<>));
        // On PostgreSQL published messages also reach other processes (LISTEN/NOTIFY); on SQLite they stay here.
        services.AddSingleton<RelayProcess>();
        services.AddSingleton<PostgreSqlRelay>();
        services.AddSingleton<INotifierRelay>(provider =>
            provider.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider == DatabaseProvider.PostgreSQL
                ? provider.GetRequiredService<PostgreSqlRelay>()
                : LocalOnlyRelay.Instance);
        services.AddSingleton<PostgreSqlRelayListener>();
        services.AddHostedService(provider => provider.GetRequiredService<PostgreSqlRelayListener>());
        return services;
    }
}
