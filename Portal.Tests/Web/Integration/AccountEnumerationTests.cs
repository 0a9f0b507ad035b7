using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Messaging;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Web.Integration;

/// <summary>Neither the sign-in form nor the application form tells a visitor which addresses have accounts.</summary>
public sealed class AccountEnumerationTests(AccountEnumerationTests.HashCountingPortal portal) : IClassFixture<AccountEnumerationTests.HashCountingPortal>
{
    public sealed class HashCountingPortal : PortalFactory
    {
        public CountingPasswordHasher Hasher { get; } = new();

        public HashCountingPortal() => ConfigureTestServices = services => services.AddSingleton<IPasswordHasher<ApplicationUser>>(Hasher);
    }

    [Fact]
    public async Task AnUnknownEmailCostsAPasswordHashAndGetsTheSameAnswerAsAWrongPassword()
    {
        using var client = portal.CreateBrowserLikeClient();
        var known = await client.SignInAsync(TestAccounts.ThornReviewer, "not-the-password-at-all");
        var before = portal.Hasher.Calls;

        var unknown = await client.SignInAsync("nobody@nowhere.example", "not-the-password-at-all");

        Assert.True(portal.Hasher.Calls > before, "no password was hashed for the unknown email");
        Assert.Equal(known.StatusCode, unknown.StatusCode);
        Assert.Contains("the email or password is not right", await unknown.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task FiveWrongPasswordsLockAnUnknownNameOutJustAsTheyLockAnAccount()
    {
        using var client = portal.CreateBrowserLikeClient();
        const string known = "reviewer2@marinus.example";
        const string unknown = "nobody-at-all@marinus.example";

        var knownAnswers = new List<string?>();
        var unknownAnswers = new List<string?>();
        for (var attempt = 1; attempt <= 6; attempt++)
        {
            knownAnswers.Add((await client.SignInAsync(known, "not-the-password-at-all")).Headers.Location?.AbsolutePath);
            unknownAnswers.Add((await client.SignInAsync(unknown, "not-the-password-at-all")).Headers.Location?.AbsolutePath);
        }

        Assert.Equal(knownAnswers, unknownAnswers);
        Assert.Equal([null, null, null, null, "/Account/Lockout", "/Account/Lockout"], unknownAnswers);
    }

    [Fact]
    public async Task ApplyingWithARegisteredEmailLooksExactlyLikeApplyingWithANewOne()
    {
        using var client = portal.CreateBrowserLikeClient();

        var fresh = await client.PostFormAsync("/partners/apply", "partner-application",
            Applicants.FormFields("Fresh Enumeration Org", "lead@fresh-enum.example"));
        var taken = await client.PostFormAsync("/partners/apply", "partner-application",
            Applicants.FormFields("Taken Enumeration Org", TestAccounts.IcmecStaff));

        Assert.Equal(HttpStatusCode.Redirect, taken.StatusCode);
        Assert.Equal(fresh.Headers.Location, taken.Headers.Location);
        var notice = Assert.Single(portal.Services.GetRequiredService<IMailPickup>().List(), m => m.To == TestAccounts.IcmecStaff);
        Assert.Contains("if it was you, sign in", notice.Body, StringComparison.OrdinalIgnoreCase);
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.False(await db.Organisations.AnyAsync(o => o.Name == "Taken Enumeration Org"));
    }
}
