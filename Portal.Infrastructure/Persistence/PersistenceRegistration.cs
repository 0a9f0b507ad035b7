using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Infrastructure.Options;

namespace Portal.Infrastructure.Persistence;

/// <summary>The database (SQLite by default, or PostgreSQL): a context factory for short-lived contexts, and its migration at start.</summary>
internal static class PersistenceRegistration
{
    public static IServiceCollection AddPersistence(this IServiceCollection services)
    {
        services.AddSingleton<DataPaths>();
        services.AddDbContextFactory<PortalDbContext, PortalDbContextFactory>(UseConfiguredProvider);
        services.AddScoped<DatabaseInitialiser>();
        return services;
    }

    private static void UseConfiguredProvider(IServiceProvider provider, DbContextOptionsBuilder options)
    {
        var database = provider.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        if (database.Provider == DatabaseProvider.PostgreSQL)
            options.UseNpgsql(PostgreSqlConnectionString.WithDefaults(database.ConnectionString!));
        else
            options.UseSqlite($"Data Source={provider.GetRequiredService<DataPaths>().Database};Default Timeout=30")
                .AddInterceptors(new SqliteConnectionSetup());
    }
}
