using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Auditing;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;
using Xunit.Abstractions;

namespace Portal.Tests.Web.Integration;

/// <summary>Anonymous visitors cannot grow the audit log: their events are counted per address, kind and window.</summary>
public sealed partial class AnonymousAuditTests : IDisposable
{
    private readonly PortalFactory _factory = new();
    private readonly ITestOutputHelper _output;

    public AnonymousAuditTests(ITestOutputHelper output)
    {
        _output = output;
        _factory.ConfigureTestServices = ClientAddress.AddTo;
    }

    [Fact]
    public async Task FifteenHundredAnonymousSignInPostsFromOneAddressAddAtMostFiveEntriesThatCarryTheCount()
    {
        using var client = ClientAddress.From(_factory.CreateBrowserLikeClient(), "203.0.113.7");
        var token = await LoginTokenAsync(client);
        var before = await LastSequenceAsync();

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 1500; i++)
            await client.PostAsync("/Account/Login", SignInForm(token, $"nobody{i}@nowhere.example"));
        await _factory.Services.GetRequiredService<AnonymousAudit>().FlushAsync();
        clock.Stop();

        var added = await EntriesAfterAsync(before);
        _output.WriteLine($"1500 anonymous sign-in posts: {added.Count} audit rows added, {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.InRange(added.Count, 1, 5);
        Assert.All(added, e => Assert.Contains($"from {_factory.Services.GetRequiredService<Portal.Infrastructure.Auditing.AuditPseudonyms>().Address("203.0.113.7")} between", e.Details));
        Assert.Equal(1500, added.Sum(e => LeadingCount(e.Details)));
        Assert.Contains(added, e => e.Action == AuditActions.RateLimited && e.Details.Contains("sign-in posts refused by the rate limit"));
        Assert.Contains(added, e => e.Action == AuditActions.SignInFailed && e.Details.Contains("account that does not exist"));
    }

    [Fact]
    public async Task RefusalsFromManyAddressesStayWithinTheCapOnDistinctAddresses()
    {
        _factory.Settings["Portal:Security:SignInsPerMinutePerAddress"] = "1";
        _factory.Settings["Portal:Security:AnonymousAuditAddresses"] = "5";
        using var client = _factory.CreateBrowserLikeClient();
        var before = await LastSequenceAsync();

        for (var i = 1; i <= 50; i++)
        {
            ClientAddress.From(client, $"198.51.100.{i}");
            await client.PostAsync("/Account/Login", SignInForm("none", "x@y.example"));
            Assert.Equal(HttpStatusCode.TooManyRequests, (await client.PostAsync("/Account/Login", SignInForm("none", "x@y.example"))).StatusCode);
        }
        await _factory.Services.GetRequiredService<AnonymousAudit>().FlushAsync();

        var added = await EntriesAfterAsync(before);
        Assert.Equal(6, added.Count);
        var other = Assert.Single(added, e => e.Details.Contains("other addresses"));
        Assert.Equal(45, LeadingCount(other.Details));
    }

    [Fact]
    public async Task PostsAgainstAnAlreadyLockedAccountAreCountedWhileTheFailuresThatLockedItAreEntriesOfTheirOwn()
    {
        using var client = ClientAddress.From(_factory.CreateBrowserLikeClient(), "203.0.113.8");
        var token = await LoginTokenAsync(client);
        var before = await LastSequenceAsync();

        for (var i = 0; i < 25; i++)
            await client.PostAsync("/Account/Login", SignInForm(token, "reviewer@icmec.example"));
        await _factory.Services.GetRequiredService<AnonymousAudit>().FlushAsync();

        var added = await EntriesAfterAsync(before);
        await using (var db = await _factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            var reviewerKey = await AuditActorKeys.OfAsync(db, "reviewer@icmec.example");
            Assert.Equal(4, added.Count(e => e.Action == AuditActions.SignInFailed && e.Actor == reviewerKey));
        }
        Assert.Single(added, e => e.Action == AuditActions.Lockout);
        var locked = Assert.Single(added, e => e.Actor == "anonymous");
        Assert.StartsWith($"20 sign-in posts for a locked account from {_factory.Services.GetRequiredService<Portal.Infrastructure.Auditing.AuditPseudonyms>().Address("203.0.113.8")}", locked.Details);
    }

    [Fact]
    public async Task WhatIsCountedIsWrittenWhenThePortalStopsCleanly()
    {
        using var data = new TempDirectory("reunite-stop");
        long before;
        using (var factory = PortalFactory.OnDirectory(data.Path))
        {
            factory.Settings["Portal:Security:SignInsPerMinutePerAddress"] = "1";
            using var client = factory.CreateBrowserLikeClient();
            await client.PostAsync("/Account/Login", SignInForm("none", "x@y.example"));
            await client.PostAsync("/Account/Login", SignInForm("none", "x@y.example"));
            await using var db = await factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
            before = await db.AuditEntries.MaxAsync(e => e.Sequence);
        }

        await using var host = await InfrastructureHost.StartAsync(data.Path);
        await using var after = await host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var written = await after.AuditEntries.Where(e => e.Sequence > before).ToListAsync();
        Assert.Contains(written, e => e.Action == AuditActions.RateLimited && e.Details.StartsWith("1 sign-in posts refused", StringComparison.Ordinal));
    }

    internal static async Task<string> LoginTokenAsync(HttpClient client)
    {
        var page = await client.GetStringAsync("/Account/Login");
        return WebUtility.HtmlDecode(Token().Match(page).Groups[1].Value);
    }

    internal static FormUrlEncodedContent SignInForm(string token, string email) => new(new Dictionary<string, string>
    {
        ["__RequestVerificationToken"] = token,
        ["_handler"] = "login",
        ["Input.Email"] = email,
        ["Input.Password"] = "not-the-password-at-all",
    });

    internal static long LeadingCount(string details) => long.Parse(Count().Match(details).Value, CultureInfo.InvariantCulture);

    private async Task<long> LastSequenceAsync()
    {
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.AuditEntries.MaxAsync(e => e.Sequence);
    }

    private async Task<List<AuditEntry>> EntriesAfterAsync(long sequence)
    {
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.AuditEntries.AsNoTracking().Where(e => e.Sequence > sequence).ToListAsync();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex(@"^\d+")]
    private static partial Regex Count();

    public void Dispose() => _factory.Dispose();
}
