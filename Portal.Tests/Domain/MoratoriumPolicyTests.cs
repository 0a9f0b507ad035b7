using Microsoft.Extensions.Time.Testing;
using Portal.Domain.Moratoria;
using Portal.Domain.Organisations;

namespace Portal.Tests.Domain;

public sealed class MoratoriumPolicyTests
{
    private static readonly DateTimeOffset Start = new(2026, 6, 10, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset End = new(2027, 6, 10, 0, 0, 0, TimeSpan.Zero);
    private static readonly Guid Police = Guid.NewGuid();
    private static readonly Guid OtherPolice = Guid.NewGuid();
    private static readonly Guid Charity = Guid.NewGuid();

    [Fact]
    public void AllowsOneTickBeforeTheStart()
    {
        var clock = new FakeTimeProvider(Start.AddTicks(-1));
        Assert.False(Evaluate(Police, Sector.LawEnforcement, clock.GetUtcNow(), LawEnforcement()).IsBlocked);
    }

    [Fact]
    public void BlocksAtTheStartInstant()
    {
        var clock = new FakeTimeProvider(Start);
        var decision = Evaluate(Police, Sector.LawEnforcement, clock.GetUtcNow(), LawEnforcement());

        Assert.True(decision.IsBlocked);
        Assert.Equal(End, decision.BlockedUntil);
        Assert.Equal("Law enforcement", decision.Blocks.Single().Title);
    }

    [Fact]
    public void AllowsAgainAtTheEndInstantButNotOneTickBefore()
    {
        var clock = new FakeTimeProvider(End.AddTicks(-1));
        Assert.True(Evaluate(Police, Sector.LawEnforcement, clock.GetUtcNow(), LawEnforcement()).IsBlocked);
        clock.Advance(TimeSpan.FromTicks(1));
        Assert.False(Evaluate(Police, Sector.LawEnforcement, clock.GetUtcNow(), LawEnforcement()).IsBlocked);
    }

    [Fact]
    public void OtherSectorsAreNotBlocked() =>
        Assert.False(Evaluate(Charity, Sector.ChildProtectionNonprofit, Start.AddDays(1), LawEnforcement()).IsBlocked);

    [Fact]
    public void OverlappingMoratoriaCombineAndTheLaterEndCounts()
    {
        var first = LawEnforcement();
        var second = Moratorium("Government too", [Sector.LawEnforcement, Sector.OtherGovernment], Start.AddMonths(6), End.AddMonths(6));
        var clock = new FakeTimeProvider(Start.AddMonths(8));

        var decision = Evaluate(Police, Sector.LawEnforcement, clock.GetUtcNow(), first, second);

        Assert.Equal(["Law enforcement", "Government too"], decision.Blocks.Select(b => b.Title));
        Assert.Equal(End.AddMonths(6), decision.BlockedUntil);
        clock.SetUtcNow(End.AddMonths(1));
        Assert.Equal(["Government too"], Evaluate(Police, Sector.LawEnforcement, clock.GetUtcNow(), first, second).Blocks.Select(b => b.Title));
    }

    [Fact]
    public void UntilFurtherNoticeNeverEndsByItself()
    {
        var open = Moratorium("Open-ended", [Sector.LawEnforcement], Start, null);
        var clock = new FakeTimeProvider(Start.AddYears(50));

        var decision = Evaluate(Police, Sector.LawEnforcement, clock.GetUtcNow(), open);

        Assert.True(decision.IsBlocked);
        Assert.True(decision.BlockedUntilFurtherNotice);
        Assert.Null(decision.BlockedUntil);
        Assert.Contains("until further notice", decision.Describe());
    }

    [Fact]
    public void AnExemptionAppliesOnlyToItsOwnMoratorium()
    {
        var exempting = LawEnforcement();
        exempting.Exemptions.Add(new MoratoriumExemption { OrganisationId = Police, Reason = "Joint child-rescue unit" });
        var other = Moratorium("Second", [Sector.LawEnforcement], Start.AddMonths(1), End);
        var during = Start.AddMonths(2);

        Assert.False(Evaluate(Police, Sector.LawEnforcement, during, exempting).IsBlocked);
        Assert.True(Evaluate(OtherPolice, Sector.LawEnforcement, during, exempting).IsBlocked);
        Assert.Equal(["Second"], Evaluate(Police, Sector.LawEnforcement, during, exempting, other).Blocks.Select(b => b.Title));
    }

    private static MoratoriumDecision Evaluate(Guid organisation, Sector sector, DateTimeOffset at, params Moratorium[] moratoria) =>
        MoratoriumPolicy.Evaluate(organisation, sector, at, moratoria);

    [Fact]
    public void CoversItsSectorsButNotItsExemptionsWhetherOrNotItIsInForce()
    {
        var moratorium = LawEnforcement();
        moratorium.Exemptions = [new MoratoriumExemption { OrganisationId = OtherPolice, Reason = "audited pilot" }];
        var before = Start.AddDays(-1);

        Assert.True(moratorium.Covers(Police, Sector.LawEnforcement));
        Assert.False(moratorium.Covers(OtherPolice, Sector.LawEnforcement));
        Assert.False(moratorium.Covers(Charity, Sector.Research));
        Assert.False(moratorium.Blocks(Police, Sector.LawEnforcement, before));
    }

    private static Moratorium LawEnforcement() => Moratorium("Law enforcement", [Sector.LawEnforcement], Start, End);

    private static Moratorium Moratorium(string title, List<Sector> sectors, DateTimeOffset start, DateTimeOffset? end) =>
        new() { Title = title, Sectors = sectors, StartsAt = start, EndsAt = end, PublicStatement = "statement" };
}
