using Bunit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Domain.Identity;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Options;
using Portal.Infrastructure.Organisations;
using Portal.Tests.Support;
using Portal.Web.Authorization;
using Portal.Web.Components.Layout;

namespace Portal.Tests.Web.Components;

/// <summary>The navigation per role, with the portal's real policies over a seeded database.</summary>
public sealed class NavMenuTests : PortalComponentTest, IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private InfrastructureHost _host = default!;

    public async Task InitializeAsync()
    {
        _host = await InfrastructureHost.StartAsync(_data.Path, seedDemoData: true);
        Services.AddSingleton(_host.Get<MembershipLookup>());
        Services.AddSingleton(_host.Get<IOptionsMonitor<SecurityOptions>>());
        Services.AddAuthorizationCore();
        // bUnit registers placeholders first; the real evaluator must win.
        Services.AddTransient<IAuthorizationService, DefaultAuthorizationService>();
        Services.AddPortalAuthorization();
    }

    [Fact]
    public async Task AdminSeesTheAdministrationSection()
    {
        await EnrolAdminAuthenticatorAsync();
        SignIn(await PrincipalForAsync(TestAccounts.AdminEmail, Roles.PlatformAdmin));

        var menu = Render<NavMenu>();

        Assert.Contains("Administration", menu.Markup);
        Assert.NotNull(menu.Find("a[href='/admin/users']"));
        Assert.Empty(menu.FindAll("[data-testid='nav-set-up-authenticator']"));
    }

    /// <summary>Issue 13, confusion 6: without an authenticator every admin page refuses, so the menu offers the set-up instead.</summary>
    [Fact]
    public async Task AdminWithoutAnAuthenticatorIsOfferedItsSetUpInsteadOfTheAdminLinks()
    {
        SignIn(await PrincipalForAsync(TestAccounts.AdminEmail, Roles.PlatformAdmin));

        var menu = Render<NavMenu>();

        Assert.Contains("Administration", menu.Markup);
        Assert.Empty(menu.FindAll("a[href^='/admin']"));
        Assert.Equal("Account/Manage/EnableAuthenticator", menu.Find("[data-testid='nav-set-up-authenticator']").GetAttribute("href"));
    }

    private async Task EnrolAdminAuthenticatorAsync()
    {
        using var scope = _host.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var admin = await users.FindByEmailAsync(TestAccounts.AdminEmail);
        Assert.True((await users.SetTwoFactorEnabledAsync(admin!, true)).Succeeded);
    }

    [Theory]
    [InlineData(TestAccounts.ThornStaff, Roles.PartnerStaff)]
    [InlineData(TestAccounts.ThornReviewer, Roles.Reviewer)]
    public async Task PartnerRolesDoNotSeeAdministration(string email, string role)
    {
        SignIn(await PrincipalForAsync(email, role));

        var menu = Render<NavMenu>();

        Assert.DoesNotContain("Administration", menu.Markup);
        Assert.Empty(menu.FindAll("a[href^='/admin']"));
        Assert.NotNull(menu.Find("a[href='/']"));
    }

    private async Task<System.Security.Claims.ClaimsPrincipal> PrincipalForAsync(string email, string role)
    {
        using var scope = _host.Services.CreateScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email);
        return Principal(user!.Id, email, role);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }
}
