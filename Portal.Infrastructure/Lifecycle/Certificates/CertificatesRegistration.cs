using Microsoft.Extensions.DependencyInjection;

namespace Portal.Infrastructure.Lifecycle.Certificates;

/// <summary>Deletion certificates: reading them from completed erasure records, listing them and the audited JSON download.</summary>
internal static class CertificatesRegistration
{
    public static IServiceCollection AddDeletionCertificates(this IServiceCollection services)
    {
        services.AddSingleton<CertificateReader>();
        services.AddSingleton<DeletionCertificates>();
        return services;
    }
}
