using Portal.Domain.Identity;

namespace Portal.Tests.Domain;

/// <summary>
/// Which admins the two-admin rule counts as possibly one person: linked by grants one admin made alone (transitively,
/// for good), or having had a hand in each other's grant (directly only).
/// </summary>
public sealed class AdminLineageTests
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);

    private static AdminGrant AtOnce(string asker, string grantee) =>
        new() { UserId = grantee, RequestedBy = asker, RequestedAt = Start, State = AdminGrantState.Granted, GrantedAt = Start };

    private static AdminGrant Confirmed(string asker, string confirmer, string grantee)
    {
        var grant = AtOnce(asker, grantee);
        grant.ConfirmedBy = confirmer;
        return grant;
    }

    [Fact]
    public void GrantsMadeAtOnceLinkTheirAccountsTransitivelyAndEvenAfterTheRoleWasRemoved()
    {
        var revoked = AtOnce("a", "c");
        revoked.RevokedAt = Start.AddDays(1);
        var lineage = AdminLineage.Of([AtOnce("a", "b"), revoked, AtOnce("x", "y")]);

        Assert.True(lineage.Linked("b", "c"));
        Assert.True(lineage.Linked("c", "a"));
        Assert.False(lineage.Linked("a", "x"));
        Assert.False(lineage.Linked("b", "y"));
    }

    [Fact]
    public void AConfirmedGrantLinksNobodyButGivesBothAdminsAHandInTheGranteeOnly()
    {
        var lineage = AdminLineage.Of([Confirmed("a", "b", "c")]);

        Assert.False(lineage.Linked("a", "c"));
        Assert.True(lineage.HadHandIn("a", "c"));
        Assert.True(lineage.HadHandIn("b", "c"));
        Assert.False(lineage.HadHandIn("c", "a"));
        Assert.False(lineage.HadHandIn("a", "b"));
    }

    [Fact]
    public void AHandLentByAnAccountCountsForEveryAccountLinkedToIt()
    {
        // a made p alone; p then asked for c, and b confirmed: a may be p, so a had a hand in c too.
        var lineage = AdminLineage.Of([AtOnce("a", "p"), Confirmed("p", "b", "c")]);

        Assert.True(lineage.HadHandIn("a", "c"));
    }

    [Fact]
    public void HandsDoNotChainOrEveryAdminWouldSoonBeTiedToEveryOther()
    {
        var lineage = AdminLineage.Of([Confirmed("a", "b", "c"), Confirmed("c", "b", "d")]);

        Assert.False(lineage.HadHandIn("a", "d"));
    }

    [Fact]
    public void TheOperatorsGrantsAndGrantsNeverInForceLinkNobody()
    {
        var pending = AtOnce("a", "q");
        pending.State = AdminGrantState.Pending;
        var lineage = AdminLineage.Of([AtOnce(AdminGrant.ByOperator, "o1"), AtOnce(AdminGrant.ByOperator, "o2"), pending]);

        Assert.False(lineage.Linked("o1", "o2"));
        Assert.False(lineage.HadHandIn(AdminGrant.ByOperator, "o1"));
        Assert.False(lineage.Linked("a", "q"));
    }
}
