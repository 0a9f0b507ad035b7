using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Portal.Infrastructure.Secrets;

/// <summary>
/// A self-signed certificate for development and tests, made once into a folder of the data directory
/// (<c>keyring.pfx</c> and the generated password beside it). The folder is written under a temporary name and
/// moved into place, so two processes starting at once both end up with the same certificate.
/// </summary>
internal static class SelfSignedKeyRingCertificate
{
    public const string PfxFile = "keyring.pfx";
    public const string PasswordFile = "keyring.password";

    public static X509Certificate2 LoadOrCreate(string folder, DateTimeOffset now)
    {
        if (!Directory.Exists(folder))
            TryCreate(folder, now);
        var password = File.ReadAllText(Path.Combine(folder, PasswordFile));
        return X509CertificateLoader.LoadPkcs12FromFile(Path.Combine(folder, PfxFile), password);
    }

    private static void TryCreate(string folder, DateTimeOffset now)
    {
        var parent = Path.GetDirectoryName(folder)!;
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".keyring-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            using var certificate = Create(now);
            WritePrivate(Path.Combine(staging, PfxFile), certificate.Export(X509ContentType.Pkcs12, password));
            WritePrivate(Path.Combine(staging, PasswordFile), System.Text.Encoding.UTF8.GetBytes(password));
            Directory.Move(staging, folder);
        }
        catch (IOException) when (Directory.Exists(folder))
        {
            // Another process made it first: use theirs.
        }
        finally
        {
            if (Directory.Exists(staging))
                Directory.Delete(staging, recursive: true);
        }
    }

    private static X509Certificate2 Create(DateTimeOffset now)
    {
        using var rsa = RSA.Create(3072);
        var request = new CertificateRequest("CN=Reunite Portal key ring (self-signed)", rsa,
            HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment, critical: true));
        // The key ring never checks validity dates; a long life just avoids a confusing expiry later.
        return request.CreateSelfSigned(now.AddDays(-1), now.AddYears(50));
    }

    private static void WritePrivate(string path, byte[] bytes)
    {
        File.WriteAllBytes(path, bytes);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
