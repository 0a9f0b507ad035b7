using System.Net;
using System.Text.RegularExpressions;
using Portal.Tests.Support;

namespace Portal.Tests.Web.Integration;

/// <summary>
/// Issue 13, confusion 6: a platform admin without an authenticator is told on the home page that the admin pages need
/// one, with one button to set it up, instead of cards whose links all end on "Not authorised".
/// </summary>
public sealed partial class AdminHomeAuthenticatorTests : IDisposable
{
    private const int AdminCards = 8;
    private readonly PortalFactory _portal = new();

    public AdminHomeAuthenticatorTests() => _portal.Settings["Portal:Security:RequireTwoFactorForAdmins"] = "true";

    [Fact]
    public async Task TheHomePageOfAnAdminWithoutAnAuthenticatorSaysSoAndLocksTheAdminCards()
    {
        using var client = await SignedInAdminAsync();

        var home = await client.GetStringAsync("/");

        Assert.Contains("data-testid=\"authenticator-required\"", home);
        Assert.Single(SetUpButton().Matches(home));
        Assert.Equal(AdminCards, Regex.Matches(home, "data-testid=\"card-locked\"").Count);
        Assert.DoesNotContain("Open the log", home);
        // The menu, too, offers what opens the admin pages instead of links that would all be refused.
        Assert.Contains("data-testid=\"nav-set-up-authenticator\"", home);
        Assert.DoesNotContain("href=\"/admin/", home);
    }

    [Fact]
    public async Task TheAdminCardsOpenOnceTheAuthenticatorIsEnrolled()
    {
        using var client = await SignedInAdminAsync();
        await EnrolAuthenticatorAsync(client);

        var home = await client.GetStringAsync("/");

        Assert.DoesNotContain("data-testid=\"authenticator-required\"", home);
        Assert.DoesNotContain("data-testid=\"card-locked\"", home);
        Assert.Contains("Open the log", home);
        Assert.DoesNotContain("data-testid=\"nav-set-up-authenticator\"", home);
        Assert.Contains("href=\"/admin/users\"", home);
    }

    [Fact]
    public async Task TheRefusedAdminPageNamesTheMissingAuthenticatorWithTheSameButton()
    {
        using var client = await SignedInAdminAsync();
        var refused = await client.GetAsync("/admin/users");
        Assert.StartsWith("/not-authorised", refused.Headers.Location!.PathAndQuery);

        var page = await client.GetStringAsync(refused.Headers.Location);

        Assert.Contains("data-testid=\"authenticator-required\"", page);
        Assert.Single(SetUpButton().Matches(page));
    }

    [Fact]
    public async Task PartnerStaffAreNotToldAboutTheAdminAuthenticator()
    {
        using var client = _portal.CreateBrowserLikeClient();
        await client.SignInAsync(TestAccounts.ThornStaff, TestAccounts.DemoPassword);

        var page = await client.GetStringAsync("/not-authorised");

        Assert.DoesNotContain("data-testid=\"authenticator-required\"", page);
        Assert.Contains("does not give you access", page);
    }

    private async Task<HttpClient> SignedInAdminAsync()
    {
        var client = _portal.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(TestAccounts.AdminEmail, TestAccounts.AdminPassword)).StatusCode);
        return client;
    }

    private static async Task EnrolAuthenticatorAsync(HttpClient client)
    {
        var page = await client.GetStringAsync("/Account/Manage/EnableAuthenticator");
        var key = SharedKey().Match(page).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        var enrolled = await client.PostFormAsync("/Account/Manage/EnableAuthenticator", "send-code",
            new Dictionary<string, string> { ["Input.Code"] = Totp.Code(key, DateTimeOffset.UtcNow) });
        Assert.Contains("recovery", await enrolled.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex("href=\"Account/Manage/EnableAuthenticator\"[^>]*data-testid=\"set-up-authenticator\"|data-testid=\"set-up-authenticator\"[^>]*href=\"Account/Manage/EnableAuthenticator\"")]
    private static partial Regex SetUpButton();

    [GeneratedRegex("data-testid=\"shared-key\">([^<]+)<")]
    private static partial Regex SharedKey();

    public void Dispose() => _portal.Dispose();
}
