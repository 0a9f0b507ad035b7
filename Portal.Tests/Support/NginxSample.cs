using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Portal.Tests.Support;

/// <summary>
/// The shipped nginx sample (deploy/nginx) made runnable in a folder of the test's: its placeholders (listen ports,
/// certificate paths, the two portal processes' ports) filled in, a self-signed certificate beside it and a
/// minimal main nginx.conf that includes it, as Debian's does from /etc/nginx.
/// </summary>
public static class NginxSample
{
    public const string Binary = "/usr/sbin/nginx";

    public static string Folder { get; } = Path.Combine(RepositoryRoot.Path, "deploy", "nginx");

    public static bool Installed => File.Exists(Binary);

    /// <summary>
    /// Writes the configuration into <paramref name="folder"/>; returns the path of its main nginx.conf. A test may add
    /// <paramref name="httpDirectives"/> to that main file's http block (never to the sample), e.g. its own access log.
    /// </summary>
    public static string Render(string folder, int httpsPort, int httpPort, int firstPortal, int secondPortal, string httpDirectives = "")
    {
        Directory.CreateDirectory(Path.Combine(folder, "conf.d"));
        var certificate = Path.Combine(folder, "portal.crt");
        var key = Path.Combine(folder, "portal.key");
        WriteSelfSigned(certificate, key);

        var site = File.ReadAllText(Path.Combine(Folder, "portal.conf"));
        site = Fill(site, "listen 443 ssl;", $"listen 127.0.0.1:{httpsPort} ssl;");
        site = Fill(site, "listen 80;", $"listen 127.0.0.1:{httpPort};");
        site = Fill(site, "/etc/ssl/reunite/portal.crt", certificate);
        site = Fill(site, "/etc/ssl/reunite/portal.key", key);
        File.WriteAllText(Path.Combine(folder, "conf.d", "portal.conf"), site);

        var upstream = File.ReadAllText(Path.Combine(Folder, "portal-upstream.inc"));
        upstream = Fill(Fill(upstream, "127.0.0.1:5101 ", $"127.0.0.1:{firstPortal} "), "127.0.0.1:5102 ", $"127.0.0.1:{secondPortal} ");
        File.WriteAllText(Path.Combine(folder, "conf.d", "portal-upstream.inc"), upstream);

        var main = Path.Combine(folder, "nginx.conf");
        File.WriteAllText(main, $$"""
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log;
            events {}
            http {
                access_log {{folder}}/access.log;
                {{httpDirectives}}
                include conf.d/portal.conf;
            }
            """);
        return main;
    }

    /// <summary>Replaces a placeholder that must be there: a sample that lost one fails here, not in a browser.</summary>
    private static string Fill(string text, string placeholder, string value)
    {
        Assert.True(text.Contains(placeholder, StringComparison.Ordinal), $"The nginx sample no longer contains \"{placeholder}\"");
        return text.Replace(placeholder, value, StringComparison.Ordinal);
    }

    private static void WriteSelfSigned(string certificatePath, string keyPath)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=portal.example.org", key, HashAlgorithmName.SHA256);
        var now = TimeProvider.System.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
    }
}

/// <summary>A fact that needs nginx: skipped, saying how to install it, where it is absent.</summary>
public sealed class NginxFactAttribute : FactAttribute
{
    public NginxFactAttribute()
    {
        if (!NginxSample.Installed)
            Skip = "nginx is not installed (apt-get install nginx)";
    }
}
