using Portal.Domain.Auditing;

namespace Portal.Tests.Domain;

public sealed class AnonymousEventTallyTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 14, 6, 1, TimeSpan.Zero);

    [Fact]
    public void CountsEventsOfOneAddressAndKindAsOneSummaryWithFirstAndLastTime()
    {
        var tally = new AnonymousEventTally(maxKeys: 10);
        for (var i = 0; i < 37; i++)
            tally.Add(Refused("203.0.113.7"), Start.AddSeconds(i * 1.5));

        var summary = Assert.Single(tally.TakeAll());

        Assert.Equal(37, summary.Count);
        Assert.Equal("37 sign-in posts refused by the rate limit from 203.0.113.7 between 2026-11-30 14:06:01 and 14:06:55 UTC",
            summary.Describe());
    }

    [Fact]
    public void KeepsDifferentKindsAndAddressesApart()
    {
        var tally = new AnonymousEventTally(maxKeys: 10);
        tally.Add(Refused("203.0.113.7"), Start);
        tally.Add(Refused("203.0.113.8"), Start);
        tally.Add(new AnonymousEvent(AuditActions.SignInFailed, "user:unknown", "203.0.113.7", "sign-in posts for an account that does not exist"), Start);

        Assert.Equal(3, tally.TakeAll().Count);
    }

    [Fact]
    public void FoldsAddressesBeyondTheCapIntoOneOtherAddressesSummaryPerKind()
    {
        var tally = new AnonymousEventTally(maxKeys: 5);
        for (var i = 0; i < 10_000; i++)
            tally.Add(Refused($"198.51.{i / 256}.{i % 256}"), Start);

        var summaries = tally.TakeAll();

        Assert.Equal(6, summaries.Count);
        var other = Assert.Single(summaries, s => s.Address is null);
        Assert.Equal(9_995, other.Count);
        Assert.Contains("other addresses", other.Describe());
    }

    [Fact]
    public void StartsTheNextWindowEmptyAndKeepsOnlyAShortSample()
    {
        var tally = new AnonymousEventTally(maxKeys: 5);
        tally.Add(Refused("203.0.113.7") with { Sample = new string('x', 5000) }, Start);

        var first = Assert.Single(tally.TakeAll());

        Assert.Empty(tally.TakeAll());
        Assert.True(first.Sample!.Length <= 65);
    }

    private static AnonymousEvent Refused(string address) =>
        new(AuditActions.RateLimited, "path:/Account/Login", address, "sign-in posts refused by the rate limit");
}
