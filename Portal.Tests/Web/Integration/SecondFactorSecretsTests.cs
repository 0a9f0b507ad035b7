using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Infrastructure.Identity;
using Portal.Tests.Support;

namespace Portal.Tests.Web.Integration;

/// <summary>
/// A copy of the database yields no second factor: authenticator keys and recovery codes are stored encrypted,
/// and sign-in with them still works, after a restart too.
/// </summary>
public sealed class SecondFactorSecretsTests : IDisposable
{
    private const string TokensOf = "SELECT t.Value FROM AspNetUserTokens t JOIN AspNetUsers u ON u.Id = t.UserId WHERE u.NormalizedEmail = $email";
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task TheDatabaseHoldsNoSecondFactorSecretInClearAndSignInStillWorksAfterARestart()
    {
        string key;
        IReadOnlyList<string> codes;
        await using (var before = PortalFactory.OnDirectory(_data.Path))
            (key, codes) = await EnrolAsync(before, TestAccounts.ThornReviewer);

        var bytes = RawDatabase.Bytes(_data.Path);
        Assert.False(RawDatabase.Contains(bytes, key), "the authenticator key is in the database file in clear");
        Assert.All(codes, code => Assert.False(RawDatabase.Contains(bytes, code), $"recovery code {code} is in the database file in clear"));
        Assert.All(await RawDatabase.ColumnAsync(_data.Path, "SELECT Xml FROM DataProtectionKeys"), xml =>
        {
            Assert.Contains("<encryptedSecret", xml);
            Assert.DoesNotContain("<value>", xml);
        });

        await using var after = PortalFactory.OnDirectory(_data.Path);
        Assert.Equal("/", Target(await SignInWithAuthenticatorAsync(after, TestAccounts.ThornReviewer, key)));
        using var client = after.CreateBrowserLikeClient();
        await client.SignInAsync(TestAccounts.ThornReviewer, TestAccounts.DemoPassword);
        var recovery = await client.PostFormAsync("/Account/LoginWithRecoveryCode", "login-with-recovery-code",
            new Dictionary<string, string> { ["Input.RecoveryCode"] = codes[0] });
        Assert.Equal(HttpStatusCode.Redirect, recovery.StatusCode);
        Assert.Equal("/", Target(recovery));
    }

    [Fact]
    public async Task SecretsStoredInClearBeforeAreReadOnceAndWrittenBackEncrypted()
    {
        const string clearKey = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
        await using var portal = PortalFactory.OnDirectory(_data.Path);
        await EnrolAsync(portal, TestAccounts.ThornSecondReviewer);
        var email = ("$email", (object)TestAccounts.ThornSecondReviewer.ToUpperInvariant());
        await RawDatabase.ExecuteAsync(_data.Path,
            "UPDATE AspNetUserTokens SET Value = $key WHERE Name = 'AuthenticatorKey' AND UserId = (SELECT Id FROM AspNetUsers WHERE NormalizedEmail = $email)",
            ("$key", clearKey), email);
        await RawDatabase.ExecuteAsync(_data.Path,
            "UPDATE AspNetUserTokens SET Value = 'OLDCODE-1;OLDCODE-2' WHERE Name = 'RecoveryCodes' AND UserId = (SELECT Id FROM AspNetUsers WHERE NormalizedEmail = $email)",
            email);

        var signIn = await SignInWithAuthenticatorAsync(portal, TestAccounts.ThornSecondReviewer, clearKey);
        using var scope = portal.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = (await users.FindByEmailAsync(TestAccounts.ThornSecondReviewer))!;
        var redeemed = await users.RedeemTwoFactorRecoveryCodeAsync(user, "OLDCODE-1");

        Assert.Equal("/", Target(signIn));
        Assert.True(redeemed.Succeeded);
        Assert.Equal(1, await users.CountRecoveryCodesAsync(user));
        var stored = await RawDatabase.ColumnAsync(_data.Path, TokensOf.Replace("$email", $"'{TestAccounts.ThornSecondReviewer.ToUpperInvariant()}'"));
        Assert.All(stored, value => Assert.StartsWith("dp1:", value));
        Assert.DoesNotContain(stored, value => value.Contains(clearKey) || value.Contains("OLDCODE"));
    }

    [Fact]
    public async Task AtStartClearKeyRingKeysAreDeletedAndADormantAccountsClearSecretsEncrypted()
    {
        const string clearKey = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
        const string clearMasterKey = "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=";
        var email = ("$email", (object)TestAccounts.ThornSecondReviewer.ToUpperInvariant());
        await using (var before = PortalFactory.OnDirectory(_data.Path))
            await EnrolAsync(before, TestAccounts.ThornSecondReviewer);
        // What an older version left behind: secrets in clear, and a key-ring key whose master key is plain XML.
        await RawDatabase.ExecuteAsync(_data.Path,
            "UPDATE AspNetUserTokens SET Value = CASE Name WHEN 'AuthenticatorKey' THEN $key ELSE 'OLDCODE-1;OLDCODE-2' END " +
            "WHERE UserId = (SELECT Id FROM AspNetUsers WHERE NormalizedEmail = $email)", ("$key", clearKey), email);
        await RawDatabase.ExecuteAsync(_data.Path, "INSERT INTO DataProtectionKeys (FriendlyName, Xml) VALUES ('clear', $xml)",
            ("$xml", ClearKeyXml(clearMasterKey)));

        await using (var upgraded = PortalFactory.OnDirectory(_data.Path))
            upgraded.CreateClient().Dispose(); // starts the host: the upgrade runs before the first request

        var stored = await RawDatabase.ColumnAsync(_data.Path, TokensOf.Replace("$email", $"'{TestAccounts.ThornSecondReviewer.ToUpperInvariant()}'"));
        Assert.All(stored, value => Assert.StartsWith("dp1:", value));
        // Read after the host stopped, so the write-ahead log is folded into the file that is read.
        var bytes = RawDatabase.Bytes(_data.Path);
        Assert.False(RawDatabase.Contains(bytes, clearKey), "the dormant account's authenticator key is still in clear");
        Assert.False(RawDatabase.Contains(bytes, "OLDCODE-1"), "the dormant account's recovery codes are still in clear");
        Assert.All(await RawDatabase.ColumnAsync(_data.Path, "SELECT Xml FROM DataProtectionKeys WHERE Xml LIKE '%<key %'"),
            xml => Assert.Contains("<encryptedSecret", xml));
        Assert.Single(await RawDatabase.ColumnAsync(_data.Path, "SELECT Details FROM AuditEntries WHERE Action = 'secrets.encrypted'"),
            details => details.StartsWith("1 key-ring key(s) stored in clear deleted", StringComparison.Ordinal) && details.Contains("2 authenticator key(s)"));
        await using var after = PortalFactory.OnDirectory(_data.Path);
        Assert.Equal("/", Target(await SignInWithAuthenticatorAsync(after, TestAccounts.ThornSecondReviewer, clearKey)));
    }

    private static string ClearKeyXml(string masterKey) =>
        $"""<key id="{Guid.NewGuid()}" version="1"><creationDate>2026-01-01T00:00:00Z</creationDate><activationDate>2026-01-01T00:00:00Z</activationDate><expirationDate>2099-01-01T00:00:00Z</expirationDate><descriptor deserializerType="Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel.AuthenticatedEncryptorDescriptorDeserializer, Microsoft.AspNetCore.DataProtection, Version=10.0.0.0, Culture=neutral, PublicKeyToken=adb9793829ddae60"><descriptor><encryption algorithm="AES_256_CBC" /><validation algorithm="HMACSHA256" /><masterKey p4:requiresEncryption="true" xmlns:p4="http://schemas.asp.net/2015/03/dataProtection"><value>{masterKey}</value></masterKey></descriptor></descriptor></key>""";

    private static async Task<(string Key, IReadOnlyList<string> Codes)> EnrolAsync(PortalFactory portal, string email)
    {
        using var scope = portal.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = (await users.FindByEmailAsync(email))!;
        await users.ResetAuthenticatorKeyAsync(user);
        var key = (await users.GetAuthenticatorKeyAsync(user))!;
        await users.SetTwoFactorEnabledAsync(user, true);
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))!.ToList();
        return (key, codes);
    }

    private static async Task<HttpResponseMessage> SignInWithAuthenticatorAsync(PortalFactory portal, string email, string key)
    {
        using var client = portal.CreateBrowserLikeClient();
        var password = await client.SignInAsync(email, TestAccounts.DemoPassword);
        Assert.Equal("/Account/LoginWith2fa", password.Headers.Location?.AbsolutePath);
        var response = await client.PostFormAsync("/Account/LoginWith2fa", "login-with-2fa",
            new Dictionary<string, string> { ["Input.TwoFactorCode"] = Totp.Code(key, DateTimeOffset.UtcNow) });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response;
    }

    /// <summary>Where a redirect leads; home means the sign-in was accepted (a refused code shows the form again).</summary>
    private static string Target(HttpResponseMessage response) =>
        new Uri(new Uri("http://localhost/"), response.Headers.Location!).AbsolutePath;

    public void Dispose() => _data.Dispose();
}
