using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Infrastructure.Options;

namespace Portal.Infrastructure.Common.Relay;

/// <summary>
/// The relay of notifier messages between processes: on PostgreSQL published messages also reach other processes
/// (LISTEN/NOTIFY); on SQLite they stay in this one and other processes' pages poll.
/// </summary>
internal static class RelayRegistration
{
    public static IServiceCollection AddRelay(this IServiceCollection services)
    {
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
