using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Net.Http.Headers;
using Portal.Tests.Support;

namespace Portal.Tests.Web.Integration;

/// <summary>The keys that sign every cookie are stored encrypted with a certificate, and still read after a restart.</summary>
public sealed class KeyRingProtectionTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task TheKeyRingIsStoredEncryptedAndStillReadAfterARestart()
    {
        string authCookie;
        await using (var before = PortalFactory.OnDirectory(_data.Path))
        {
            using var client = before.CreateBrowserLikeClient();
            var signIn = await client.SignInAsync(TestAccounts.ThornStaff, TestAccounts.DemoPassword);
            authCookie = signIn.Headers.GetValues(HeaderNames.SetCookie).Single(c => c.StartsWith("reunite.auth=", StringComparison.Ordinal));
        }

        var keys = await RawDatabase.ColumnAsync(_data.Path, "SELECT Xml FROM DataProtectionKeys");
        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.Contains("<encryptedSecret", xml);
            Assert.DoesNotContain("<value>", xml);
        });
        Assert.True(File.Exists(Path.Combine(_data.Path, "keyring", "keyring.pfx")));

        await using var after = PortalFactory.OnDirectory(_data.Path);
        using var restarted = after.CreateBrowserLikeClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add(HeaderNames.Cookie, authCookie.Split(';')[0]);
        var response = await restarted.SendAsync(request);
        Assert.Contains("Welcome", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public void AProductionHostDoesNotStartWithoutACertificate()
    {
        using var portal = new EnvironmentPortal(_data.Path, "Production");

        var error = Assert.ThrowsAny<Exception>(() => portal.CreateClient());

        Assert.Contains("Portal:DataProtection:CertificatePath is required", Flatten(error));
    }

    [Fact]
    public async Task AProductionHostUsesTheConfiguredCertificate()
    {
        var (path, password) = WriteCertificate();
        using var portal = new EnvironmentPortal(_data.Path, "Production");
        portal.Settings["Portal:DataProtection:CertificatePath"] = path;
        portal.Settings["Portal:DataProtection:CertificatePassword"] = password;
        // Production also refuses to start without an audit key (ADR 0005).
        portal.Settings["Portal:Audit:Key"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        using var client = portal.CreateBrowserLikeClient();

        var signIn = await client.SignInAsync(TestAccounts.ThornStaff, TestAccounts.DemoPassword);

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.False(Directory.Exists(Path.Combine(_data.Path, "keyring")));
        var raw = Convert.ToBase64String(X509CertificateLoader.LoadPkcs12FromFile(path, password).RawData);
        Assert.All(await RawDatabase.ColumnAsync(_data.Path, "SELECT Xml FROM DataProtectionKeys"),
            xml => Assert.Contains(raw, xml));
    }

    private (string Path, string Password) WriteCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=test key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(_data.Path, "configured.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, "test-password"));
        return (path, "test-password");
    }

    private static string Flatten(Exception error) =>
        error.InnerException is null ? error.Message : error.Message + " | " + Flatten(error.InnerException);

    private sealed class EnvironmentPortal(string data, string environment) : PortalFactory(data)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment(environment);
        }
    }

    public void Dispose() => _data.Dispose();
}
