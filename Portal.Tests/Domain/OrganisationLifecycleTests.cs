using Portal.Domain.Organisations;

namespace Portal.Tests.Domain;

public sealed class OrganisationLifecycleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<OrganisationStatus, OrganisationStatus> Legal => new()
    {
        { OrganisationStatus.Applied, OrganisationStatus.UnderReview },
        { OrganisationStatus.UnderReview, OrganisationStatus.Approved },
        { OrganisationStatus.UnderReview, OrganisationStatus.Rejected },
        { OrganisationStatus.Approved, OrganisationStatus.Suspended },
        { OrganisationStatus.Suspended, OrganisationStatus.Approved },
    };

    public static TheoryData<OrganisationStatus, OrganisationStatus> Illegal()
    {
        var data = new TheoryData<OrganisationStatus, OrganisationStatus>();
        var legal = Legal.Select(row => ((OrganisationStatus)row[0], (OrganisationStatus)row[1])).ToHashSet();
        foreach (var from in Enum.GetValues<OrganisationStatus>())
        foreach (var to in Enum.GetValues<OrganisationStatus>())
            if (!legal.Contains((from, to)))
                data.Add(from, to);
        return data;
    }

    [Theory]
    [MemberData(nameof(Legal))]
    public void AllowsEveryLegalTransitionAndRecordsIt(OrganisationStatus from, OrganisationStatus to)
    {
        var organisation = At(from);

        var outcome = to == OrganisationStatus.Approved && from == OrganisationStatus.UnderReview
            ? organisation.Approve(Purpose.MissingChild, "admin@x", "vetted", Now)
            : organisation.ChangeStatus(to, "admin@x", "because", Now);

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(to, organisation.Status);
        Assert.Equal((from, to), (organisation.History[^1].From!.Value, organisation.History[^1].To));
        Assert.Equal("admin@x", organisation.History[^1].Actor);
    }

    [Theory]
    [MemberData(nameof(Illegal))]
    public void RefusesEveryIllegalTransitionAndChangesNothing(OrganisationStatus from, OrganisationStatus to)
    {
        var organisation = At(from);
        var historyBefore = organisation.History.Count;

        var outcome = organisation.ChangeStatus(to, "admin@x", "because", Now);

        Assert.False(outcome.Succeeded);
        Assert.Equal(from, organisation.Status);
        Assert.Equal(historyBefore, organisation.History.Count);
    }

    [Fact]
    public void RefusesAChangeWithoutAReason()
    {
        var organisation = At(OrganisationStatus.Approved);

        var outcome = organisation.ChangeStatus(OrganisationStatus.Suspended, "admin@x", "   ", Now);

        Assert.False(outcome.Succeeded);
        Assert.Equal(OrganisationStatus.Approved, organisation.Status);
    }

    [Fact]
    public void ApprovalGrantsOnlyRequestedPurposesAndAtLeastOne()
    {
        var organisation = At(OrganisationStatus.UnderReview);
        organisation.RequestedPurposes = Purpose.MissingChild | Purpose.TraffickingVictim;

        Assert.False(organisation.Approve(Purpose.None, "a", "r", Now).Succeeded);
        Assert.Contains("Reuniting families after disasters was not requested",
            organisation.Approve(Purpose.MissingChild | Purpose.DisasterReunification, "a", "r", Now).Error);
        Assert.Equal(OrganisationStatus.UnderReview, organisation.Status);

        Assert.True(organisation.Approve(Purpose.TraffickingVictim, "a", "r", Now).Succeeded);
        Assert.Equal(Purpose.TraffickingVictim, organisation.GrantedPurposes);
    }

    private static Organisation At(OrganisationStatus status)
    {
        var organisation = new Organisation { Name = "Test", RequestedPurposes = Purpose.MissingChild };
        organisation.Start(status, "system", "test", Now);
        return organisation;
    }
}
