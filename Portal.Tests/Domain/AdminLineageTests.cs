using Portal.Domain.Identity;

namespace Portal.Tests.Domain;

/// <summary>
/// Which admins the two-admin rule counts as possibly one person: those whose roles go back, request by request, to the
/// same first admin, whoever confirmed the requests.
/// </summary>
public sealed class AdminLineageTests
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);

    private static AdminGrant Granted(string asker, string grantee, string? confirmer = null) => new()
    {
        UserId = grantee, RequestedBy = asker, RequestedAt = Start, State = AdminGrantState.Granted, GrantedAt = Start, ConfirmedBy = confirmer,
    };

    [Fact]
    public void AGrantJoinsTheAskerAndTheGranteeTransitivelyAndEvenAfterTheRoleWasRemoved()
    {
        var revoked = Granted("a", "c");
        revoked.RevokedAt = Start.AddDays(1);
        var lineage = AdminLineage.Of([Granted("a", "b"), revoked, Granted("x", "y")]);

        Assert.True(lineage.Linked("b", "c"));
        Assert.True(lineage.Linked("c", "a"));
        Assert.False(lineage.Linked("a", "x"));
        Assert.False(lineage.Linked("b", "y"));
    }

    [Fact]
    public void TwoAccountsOneAdminAskedForAreOneLineThoughAnHonestAdminConfirmedBoth()
    {
        var lineage = AdminLineage.Of([Granted("a", "c", confirmer: "b"), Granted("a", "d", confirmer: "b")]);

        Assert.True(lineage.Linked("c", "d"));
        Assert.False(lineage.Linked("b", "c"));
    }

    [Fact]
    public void AChainOfRequestsStaysOneLineWhoeverConfirmedEachStep()
    {
        var lineage = AdminLineage.Of([Granted("a", "c", confirmer: "b1"), Granted("c", "d", confirmer: "b2")]);

        Assert.True(lineage.Linked("a", "d"));
        Assert.False(lineage.Linked("b1", "b2"));
    }

    [Fact]
    public void TheOperatorsGrantsAndGrantsNeverInForceJoinNobody()
    {
        var pending = Granted("a", "q");
        pending.State = AdminGrantState.Pending;
        var cancelled = Granted("a", "r");
        cancelled.State = AdminGrantState.Cancelled;
        var lineage = AdminLineage.Of([Granted(AdminGrant.ByOperator, "o1"), Granted(AdminGrant.ByOperator, "o2"), pending, cancelled]);

        Assert.False(lineage.Linked("o1", "o2"));
        Assert.False(lineage.Linked("a", "q"));
        Assert.False(lineage.Linked("a", "r"));
    }
}
