using Portal.Domain.Organisations;

namespace Portal.Tests.Domain;

public sealed class InvitationTests
{
    private static readonly DateTimeOffset Created = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void IsOpenUntilSeventyTwoHoursHavePassed()
    {
        var invitation = New();

        Assert.Equal(InvitationState.Open, invitation.StateAt(Created.AddHours(72).AddTicks(-1)));
        Assert.Equal(InvitationState.Expired, invitation.StateAt(Created.AddHours(72)));
    }

    [Fact]
    public void StatesItsLifetimeInHoursForTheMessagesThatMentionIt() =>
        Assert.Equal("72 hours", Invitation.LifetimeInWords);

    [Fact]
    public void AcceptedAndRevokedWinOverTime()
    {
        var accepted = New();
        accepted.AcceptedAt = Created.AddHours(1);
        var revoked = New();
        revoked.RevokedAt = Created.AddHours(1);

        Assert.Equal(InvitationState.Accepted, accepted.StateAt(Created.AddHours(2)));
        Assert.Equal(InvitationState.Revoked, revoked.StateAt(Created.AddHours(100)));
    }

    private static Invitation New() => new()
    {
        Email = "a@b.example", Role = "Reviewer", TokenHash = "x", InvitedBy = "admin",
        CreatedAt = Created, ExpiresAt = Created + Invitation.Lifetime,
    };
}
