using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Secrets;

/// <summary>Data-protection keys in the database, encrypted with the key-ring certificate, and the protected user tokens.</summary>
internal static class SecretsRegistration
{
    /// <summary>Call after <c>AddPortalIdentity</c>: the protected user store replaces the one Identity registered.</summary>
    public static IServiceCollection AddSecrets(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddDataProtection()
            .SetApplicationName("Reunite Portal")
            .PersistKeysToDbContext<PortalDbContext>();
        services.AddDataProtection().ProtectKeysWithKeyRingCertificate(configuration);
        // Replaces the EF user store that AddEntityFrameworkStores registered (the last registration wins).
        services.AddScoped<IUserStore<ApplicationUser>, ProtectedUserStore>();
        services.AddSingleton<SecretsAtRestUpgrade>();
        return services;
    }
}
