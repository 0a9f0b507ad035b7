using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.Infrastructure.Persistence;

/// <summary>The SQLite database: a context factory for short-lived contexts, and its migration at start.</summary>
internal static class PersistenceRegistration
{
    public static IServiceCollection AddPersistence(this IServiceCollection services)
    {
        services.AddSingleton<DataPaths>();
        services.AddDbContextFactory<PortalDbContext>((provider, options) => options
            .UseSqlite($"Data Source={provider.GetRequiredService<DataPaths>().Database};Default Timeout=30")
            .AddInterceptors(new SqliteConnectionSetup()));
        services.AddScoped<DatabaseInitialiser>();
        return services;
    }
}
