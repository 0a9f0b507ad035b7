using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Portal.Infrastructure.Options;

namespace Portal.Infrastructure.Secrets;

/// <summary>
/// Encrypts the key ring stored in the database with a certificate. The decryptor cannot find a certificate in a
/// store on Linux, so it is also handed to it directly (UnprotectKeysWithAnyCertificate), or a restart could not
/// read its own key ring. Both methods take the certificate itself, so it is loaded while services are
/// registered: a missing or unreadable certificate stops the host before it is built.
/// </summary>
internal static class KeyRingProtection
{
    public static IDataProtectionBuilder ProtectKeysWithKeyRingCertificate(
        this IDataProtectionBuilder builder, IConfiguration configuration)
    {
        var environment = builder.Services.LastOrDefault(d => d.ServiceType == typeof(IHostEnvironment))?.ImplementationInstance
            as IHostEnvironment ?? throw new InvalidOperationException("The host environment must be registered before the infrastructure.");
        var settings = configuration.GetSection(KeyProtectionOptions.Section).Get<KeyProtectionOptions>() ?? new();
        var portal = configuration.GetSection(PortalOptions.Section).Get<PortalOptions>() ?? new();
        var dataRoot = Path.GetFullPath(portal.DataDirectory, environment.ContentRootPath);
        var loaded = KeyRingCertificate.Load(settings, dataRoot, environment, TimeProvider.System.GetUtcNow());

        builder.Services.AddSingleton(loaded);
        builder.Services.AddHostedService<GeneratedCertificateWarning>();
        return builder.ProtectKeysWithCertificate(loaded.Certificate).UnprotectKeysWithAnyCertificate(loaded.Certificate);
    }

    /// <summary>Says at start, where it is seen, that the key ring's certificate is a generated one.</summary>
    private sealed class GeneratedCertificateWarning(KeyRingCertificate loaded, ILogger<GeneratedCertificateWarning> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (loaded.GeneratedIn is { } folder)
                logger.LogWarning("No Portal:DataProtection:CertificatePath configured: the key ring is encrypted with a " +
                    "self-signed certificate kept beside the database in {Folder}. Configure a certificate outside development.", folder);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
