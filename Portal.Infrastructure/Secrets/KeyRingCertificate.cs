using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Hosting;
using Portal.Infrastructure.Options;

namespace Portal.Infrastructure.Secrets;

/// <summary>The certificate that encrypts the data-protection key ring: the configured one, or a generated one where allowed.</summary>
internal sealed record KeyRingCertificate(X509Certificate2 Certificate, string? GeneratedIn)
{
    public const string Required =
        "Portal:DataProtection:CertificatePath is required outside Development: set it (and " +
        "Portal:DataProtection:CertificatePassword) to a PFX certificate with its private key. It encrypts the keys " +
        "that sign every cookie; without it, reading the database is enough to forge a sign-in.";

    /// <summary>Environments where a self-signed certificate in the data directory is acceptable.</summary>
    public static bool MayGenerate(IHostEnvironment environment) =>
        environment.IsDevelopment() || environment.IsEnvironment("Testing") || environment.IsEnvironment("Standalone");

    public static KeyRingCertificate Load(KeyProtectionOptions settings, string dataRoot, IHostEnvironment environment, DateTimeOffset now)
    {
        if (settings.IsConfigured)
            return new(LoadConfigured(settings, environment), null);
        if (!MayGenerate(environment))
            throw new InvalidOperationException(Required);
        var folder = Path.Combine(dataRoot, "keyring");
        return new(SelfSignedKeyRingCertificate.LoadOrCreate(folder, now), folder);
    }

    private static X509Certificate2 LoadConfigured(KeyProtectionOptions settings, IHostEnvironment environment)
    {
        var path = Path.GetFullPath(settings.CertificatePath!, environment.ContentRootPath);
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, settings.CertificatePassword);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new InvalidOperationException(
                $"Portal:DataProtection:CertificatePath \"{path}\" could not be read as a PFX with the configured password: {error.Message}", error);
        }
        if (!certificate.HasPrivateKey)
            throw new InvalidOperationException(
                $"Portal:DataProtection:CertificatePath \"{path}\" has no private key; the key ring cannot be decrypted without it.");
        return certificate;
    }
}
