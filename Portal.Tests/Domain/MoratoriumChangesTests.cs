using Portal.Domain.Moratoria;
using Portal.Domain.Organisations;

namespace Portal.Tests.Domain;

public sealed class MoratoriumChangesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void RefusesAnEndBeforeTheStartAndAMissingReason()
    {
        var backwards = Draft(Now, Now.AddDays(-1));

        Assert.Equal("The end must be after the start.", MoratoriumChanges.Create(backwards, "admin", "why", Now).Error);
        Assert.Contains("Give a reason", MoratoriumChanges.Create(Draft(Now, Now.AddDays(1)), "admin", " ", Now).Error);
    }

    [Fact]
    public void EveryChangeLeavesARevisionWithWhoWhenAndWhy()
    {
        var moratorium = MoratoriumChanges.Create(Draft(Now.AddDays(-10), Now.AddDays(10)), "alice", "announced", Now.AddDays(-10)).Value!;

        Assert.True(MoratoriumChanges.Extend(moratorium, null, "bob", "extended until further notice", Now).Succeeded);
        Assert.True(MoratoriumChanges.EndEarly(moratorium, "carol", "rules passed", Now.AddDays(1)).Succeeded);

        Assert.Equal(["alice", "bob", "carol"], moratorium.Revisions.Select(r => r.Actor));
        Assert.Equal("extended until further notice", moratorium.Revisions[1].Reason);
        Assert.StartsWith("extended: end 2026-12-06 12:00 UTC -> until further notice", moratorium.Revisions[1].Change);
        Assert.Equal(Now.AddDays(1), moratorium.EndsAt);
    }

    [Fact]
    public void AnExtensionMustEndLaterAndOnlyActiveMoratoriaEndEarly()
    {
        var upcoming = MoratoriumChanges.Create(Draft(Now.AddDays(5), Now.AddDays(10)), "a", "r", Now).Value!;

        Assert.False(MoratoriumChanges.Extend(upcoming, Now.AddDays(8), "a", "r", Now).Succeeded);
        Assert.False(MoratoriumChanges.EndEarly(upcoming, "a", "r", Now).Succeeded);
        Assert.Single(upcoming.Revisions);
    }

    [Fact]
    public void ExtendingAnEndedMoratoriumReinstatesIt()
    {
        var ended = MoratoriumChanges.Create(Draft(Now.AddDays(-10), Now.AddDays(-1)), "a", "r", Now.AddDays(-10)).Value!;

        Assert.True(MoratoriumChanges.Extend(ended, null, "a", "reinstated", Now).Succeeded);

        Assert.True(ended.IsActiveAt(Now));
    }

    [Fact]
    public void AnExemptionNeedsAReason()
    {
        var draft = Draft(Now, null) with { Exemptions = [new MoratoriumExemption { OrganisationId = Guid.NewGuid(), Reason = "" }] };

        Assert.Contains("Give a reason for every exemption.", draft.Problems());
    }

    private static MoratoriumDraft Draft(DateTimeOffset start, DateTimeOffset? end) =>
        new("Test moratorium", [Sector.LawEnforcement], [], start, end, "We pause police use.");
}
