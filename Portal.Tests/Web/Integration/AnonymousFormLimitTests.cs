using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Auditing;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Organisations;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Web.Integration;

/// <summary>Per-address limits on the invitation and e-mail confirmation doors, and how their refusals are audited.</summary>
public sealed class AnonymousFormLimitTests : IDisposable
{
    private readonly PortalFactory _factory = new();

    public AnonymousFormLimitTests()
    {
        _factory.Settings["Portal:Security:InvitationPostsPerMinutePerAddress"] = "3";
        _factory.Settings["Portal:Security:EmailConfirmationsPerMinutePerAddress"] = "3";
        _factory.Settings["Portal:Security:SignInsPerMinutePerAddress"] = "3";
        _factory.ConfigureTestServices = ClientAddress.AddTo;
    }

    [Fact]
    public async Task TheFourthInvitationPostFromOneAddressWithinAMinuteIsRefused()
    {
        using var client = ClientAddress.From(_factory.CreateBrowserLikeClient(), "203.0.113.20");
        var form = new Dictionary<string, string> { ["Token"] = "guess", ["_handler"] = "accept-invitation" };

        for (var i = 0; i < 3; i++)
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await client.PostAsync("/invitations/accept", new FormUrlEncodedContent(form))).StatusCode);
        var fourth = await client.PostAsync("/invitations/accept", new FormUrlEncodedContent(form));
        var otherAddress = await ClientAddress.From(client, "203.0.113.21").PostAsync("/invitations/accept", new FormUrlEncodedContent(form));

        Assert.Equal(HttpStatusCode.TooManyRequests, fourth.StatusCode);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, otherAddress.StatusCode);
        var entry = Assert.Single(await FlushedAsync(AuditActions.RateLimited));
        Assert.StartsWith($"1 invitation posts refused by the rate limit from {Ip("203.0.113.20")}", entry.Details);
    }

    [Theory]
    [InlineData("/Account/LoginWith2fa")]
    [InlineData("/Account/LoginWithRecoveryCode")]
    public async Task SecondFactorGuessesShareTheSignInBudgetOfTheirAddress(string path)
    {
        using var client = ClientAddress.From(_factory.CreateBrowserLikeClient(), "203.0.113.40");
        var form = new Dictionary<string, string> { ["Input.TwoFactorCode"] = "123456", ["Input.RecoveryCode"] = "guess" };

        for (var i = 0; i < 2; i++)
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await client.SignInAsync("nobody@nowhere.example", "not-a-password-at-all")).StatusCode);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await client.PostAsync(path, new FormUrlEncodedContent(form))).StatusCode);
        var fourth = await client.PostAsync(path, new FormUrlEncodedContent(form));

        Assert.Equal(HttpStatusCode.TooManyRequests, fourth.StatusCode);
    }

    [Fact]
    public async Task TheFourthConfirmationFromOneAddressWithinAMinuteIsRefusedAndTheFailuresAreCountedNotListed()
    {
        using var client = ClientAddress.From(_factory.CreateBrowserLikeClient(), "203.0.113.30");

        for (var i = 0; i < 3; i++)
        {
            var page = await client.GetStringAsync($"/Account/ConfirmEmail?userId=nobody-{i}&code=bm90LWEtY29kZQ");
            Assert.Contains("not valid", page);
        }
        var fourth = await client.GetAsync("/Account/ConfirmEmail?userId=nobody&code=bm90LWEtY29kZQ");

        Assert.Equal(HttpStatusCode.TooManyRequests, fourth.StatusCode);
        var refused = Assert.Single(await FlushedAsync(AuditActions.EmailConfirmationRefused));
        Assert.StartsWith($"3 e-mail confirmations with an unknown account or a malformed code from {Ip("203.0.113.30")}", refused.Details);
    }

    [Fact]
    public async Task RefusedInvitationPostsOfOneAddressBecomeOneEntryWithTheirCount()
    {
        var members = _factory.Services.GetRequiredService<OrganisationMembers>();

        for (var i = 0; i < 100; i++)
            Assert.False((await members.AcceptAsync($"guess-{i}", "Mallory", "a-long-enough-password", "203.0.113.40")).Succeeded);

        var entry = Assert.Single(await FlushedAsync(AuditActions.InvitationRefused));
        Assert.StartsWith($"100 invitation posts with a link that is unknown, used, revoked or expired from {Ip("203.0.113.40")}", entry.Details);
    }

    /// <summary>The keyed hash the chain holds instead of the address (ADR 0010).</summary>
    private string Ip(string address) => _factory.Services.GetRequiredService<Portal.Infrastructure.Auditing.AuditPseudonyms>().Address(address);

    private async Task<List<AuditEntry>> FlushedAsync(string action)
    {
        await _factory.Services.GetRequiredService<AnonymousAudit>().FlushAsync();
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.AuditEntries.AsNoTracking().Where(e => e.Action == action).ToListAsync();
    }

    public void Dispose() => _factory.Dispose();
}
