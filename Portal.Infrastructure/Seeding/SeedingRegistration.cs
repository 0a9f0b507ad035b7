using Microsoft.Extensions.DependencyInjection;

namespace Portal.Infrastructure.Seeding;

/// <summary>Start-up: migration, the admin account, and the demo data where configured.</summary>
internal static class SeedingRegistration
{
    public static IServiceCollection AddSeeding(this IServiceCollection services)
    {
        services.AddScoped<IdentitySeeder>();
        services.AddScoped<DemoDataSeeder>();
        services.AddScoped<RetentionDefaults>();
        services.AddScoped<PortalInitialiser>();
        return services;
    }
}
