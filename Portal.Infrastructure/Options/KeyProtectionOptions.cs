namespace Portal.Infrastructure.Options;

/// <summary>
/// Section "Portal:DataProtection": the certificate (PFX with its private key) that encrypts the data-protection
/// key ring in the database. Without it, whoever reads the database can forge every cookie. Required outside
/// Development, Testing and the standalone host, where a self-signed one is generated into the data directory.
/// </summary>
public sealed class KeyProtectionOptions
{
    public const string Section = "Portal:DataProtection";

    /// <summary>Path of a PFX file; relative paths are under the content root.</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(CertificatePath);
}
