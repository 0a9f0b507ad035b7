using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Auditing;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Web.Integration;

public sealed class SignInTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task AnonymousHomeRedirectsToSignIn()
    {
        using var client = factory.CreateBrowserLikeClient();

        var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task SignInPageSaysWhatACandidateIsNot()
    {
        using var client = factory.CreateBrowserLikeClient();

        var page = await client.GetStringAsync("/Account/Login");

        Assert.Contains("never an", page);
        Assert.Contains("identification", page);
        Assert.Contains("Reunite Portal", page);
    }

    [Fact]
    public async Task CorrectPasswordSignsInAndIsAudited()
    {
        using var client = factory.CreateBrowserLikeClient();

        var response = await client.SignInAsync(TestAccounts.IcmecStaff, TestAccounts.DemoPassword);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        Assert.True(await HasAuditAsync(AuditActions.SignIn, TestAccounts.IcmecStaff));
    }

    [Fact]
    public async Task FiveWrongPasswordsLockTheAccount()
    {
        using var client = factory.CreateBrowserLikeClient();
        const string victim = "reviewer@marinus.example";

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var wrong = await client.SignInAsync(victim, "not-the-password-at-all");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            Assert.Contains("the email or password is not right", await wrong.Content.ReadAsStringAsync());
        }
        var fifth = await client.SignInAsync(victim, "not-the-password-at-all");
        var rightButLocked = await client.SignInAsync(victim, TestAccounts.DemoPassword);

        Assert.Equal("/Account/Lockout", fifth.Headers.Location?.AbsolutePath);
        Assert.Equal("/Account/Lockout", rightButLocked.Headers.Location?.AbsolutePath);
        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        Assert.True(await users.IsLockedOutAsync((await users.FindByEmailAsync(victim))!));
        Assert.True(await HasAuditAsync(AuditActions.Lockout, victim));
        Assert.True(await HasAuditAsync(AuditActions.SignInFailed, victim));
    }

    [Fact]
    public async Task UnknownAccountFailsWithoutSayingItIsUnknown()
    {
        using var client = factory.CreateBrowserLikeClient();

        var response = await client.SignInAsync("nobody@nowhere.example", "whatever-password");

        Assert.Contains("the email or password is not right", await response.Content.ReadAsStringAsync());
        // Anonymous: counted per address and window, the name tried kept as the window's sample.
        await factory.Services.GetRequiredService<Portal.Infrastructure.Auditing.AnonymousAudit>().FlushAsync();
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.SignInFailed && e.Actor == "anonymous"
            && e.Details.Contains("account that does not exist") && !e.Details.Contains("nobody@nowhere.example")
            && e.Details.Contains(factory.Services.GetRequiredService<Portal.Infrastructure.Auditing.AuditPseudonyms>().Email("nobody@nowhere.example"))));
    }

    private async Task<bool> HasAuditAsync(string action, string actor)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        // An account is recorded by its id since ADR 0010.
        var key = actor.Contains('@', StringComparison.Ordinal) ? await AuditActorKeys.OfAsync(db, actor) : actor;
        return await db.AuditEntries.AnyAsync(e => e.Action == action && e.Actor == key);
    }
}
