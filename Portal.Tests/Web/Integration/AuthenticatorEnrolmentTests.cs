using System.Net;
using System.Text.RegularExpressions;
using Portal.Tests.Support;

namespace Portal.Tests.Web.Integration;

/// <summary>
/// Issue 13, bug 1: enrolling an authenticator changes the account's security stamp. The sign-in that did it must be
/// renewed with the new stamp, or the next revalidation signs the person out of the page they are on.
/// </summary>
public sealed partial class AuthenticatorEnrolmentTests : IDisposable
{
    private readonly PortalFactory _portal = new();

    [Fact]
    public async Task TheAdminStaysSignedInAfterEnrollingTheAuthenticator()
    {
        _portal.Settings["Portal:Security:RevalidationInterval"] = "00:00:01";
        using var client = _portal.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(TestAccounts.AdminEmail, TestAccounts.AdminPassword)).StatusCode);

        var page = await client.GetStringAsync("/Account/Manage/EnableAuthenticator");
        var key = SharedKey().Match(page).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        var enrolled = await client.PostFormAsync("/Account/Manage/EnableAuthenticator", "send-code",
            new Dictionary<string, string> { ["Input.Code"] = Totp.Code(key, DateTimeOffset.UtcNow) });
        Assert.Contains("recovery", await enrolled.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);

        await Task.Delay(TimeSpan.FromSeconds(2)); // past the revalidation interval
        var after = await client.GetAsync("/Account/Manage/TwoFactorAuthentication");

        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [GeneratedRegex("data-testid=\"shared-key\">([^<]+)<")]
    private static partial Regex SharedKey();

    public void Dispose() => _portal.Dispose();
}
