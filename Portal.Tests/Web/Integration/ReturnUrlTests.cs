using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Infrastructure.Identity;
using Portal.Tests.Support;

namespace Portal.Tests.Web.Integration;

/// <summary>Every page that takes a ReturnUrl goes to a same-site path or home: never another site, never a 500.</summary>
public sealed class ReturnUrlTests(ReturnUrlTests.ManySignInsPortal portal) : IClassFixture<ReturnUrlTests.ManySignInsPortal>
{
    public sealed class ManySignInsPortal : PortalFactory
    {
        public ManySignInsPortal() => Settings["Portal:Security:SignInsPerMinutePerAddress"] = "1000";
    }

    public static TheoryData<string, string> Values => new()
    {
        { "https://evil.example/steal", "/" },
        { "http:evil.example", "/" },
        { "//evil.example/steal", "/" },
        { "/\\evil.example/steal", "/" },
        { "\\\\evil.example\\steal", "/" },
        { "/\t/evil.example", "/" },
        { "/%09/evil.example", "/" },
        { "/%5Cevil.example", "/" },
        { "/%2F/evil.example", "/" },
        { "javascript:alert(1)", "/" },
        { " javascript:alert(1)", "/" },
        { "/cases\r\nSet-Cookie: x=1", "/" },
        { "/" + new string('a', 5000), "/" },
        { "", "/" },
        { "/cases", "/cases" },
        { "cases/12?tab=results", "/cases/12?tab=results" },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public async Task SigningInGoesToASameSitePathOrHome(string returnUrl, string expected)
    {
        using var client = portal.CreateBrowserLikeClient();

        var response = await client.PostFormAsync($"/Account/Login?ReturnUrl={Uri.EscapeDataString(returnUrl)}", "login",
            new Dictionary<string, string> { ["Input.Email"] = TestAccounts.ThornStaff, ["Input.Password"] = TestAccounts.DemoPassword });

        AssertRedirectedTo(expected, response);
    }

    [Theory]
    [InlineData("//evil.example/steal", TestAccounts.ThornSecondReviewer)]
    [InlineData("/%09/evil.example", "reviewer@icmec.example")]
    public async Task TheSecondFactorGoesHomeForAnOffSiteReturnUrl(string returnUrl, string email)
    {
        // One account per case: an authenticator code is not accepted twice.
        var key = await EnrolAuthenticatorAsync(email);
        using var client = portal.CreateBrowserLikeClient();
        var password = await client.PostFormAsync($"/Account/Login?ReturnUrl={Uri.EscapeDataString(returnUrl)}", "login",
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = TestAccounts.DemoPassword });
        Assert.Equal("/Account/LoginWith2fa", password.Headers.Location?.AbsolutePath);

        var response = await client.PostFormAsync($"/Account/LoginWith2fa?ReturnUrl={Uri.EscapeDataString(returnUrl)}", "login-with-2fa",
            new Dictionary<string, string> { ["Input.TwoFactorCode"] = Totp.Code(key, DateTimeOffset.UtcNow) });

        AssertRedirectedTo("/", response);
    }

    [Fact]
    public async Task ARecoveryCodeGoesHomeForAnOffSiteReturnUrl()
    {
        await EnrolAuthenticatorAsync(TestAccounts.ThornReviewer);
        using var scope = portal.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var code = (await users.GenerateNewTwoFactorRecoveryCodesAsync((await users.FindByEmailAsync(TestAccounts.ThornReviewer))!, 1))!.Single();
        using var client = portal.CreateBrowserLikeClient();
        await client.SignInAsync(TestAccounts.ThornReviewer, TestAccounts.DemoPassword);

        var response = await client.PostFormAsync("/Account/LoginWithRecoveryCode?ReturnUrl=javascript%3Aalert(1)", "login-with-recovery-code",
            new Dictionary<string, string> { ["Input.RecoveryCode"] = code });

        AssertRedirectedTo("/", response);
    }

    private static void AssertRedirectedTo(string expected, HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var target = new Uri(new Uri("http://localhost/"), response.Headers.Location!);
        Assert.Equal("localhost", target.Host);
        Assert.Equal(expected, target.PathAndQuery);
    }

    private async Task<string> EnrolAuthenticatorAsync(string email)
    {
        using var scope = portal.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = (await users.FindByEmailAsync(email))!;
        if (await users.GetAuthenticatorKeyAsync(user) is not { } key)
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = (await users.GetAuthenticatorKeyAsync(user))!;
        }
        await users.SetTwoFactorEnabledAsync(user, true);
        return key;
    }
}
