using Portal.Domain.Common;
using Portal.Domain.Lifecycle;

namespace Portal.Tests.Domain;

public sealed class LegalHoldRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly Actor First = new("admin-1", "first@reunite.example", null, IsPlatformAdmin: true);
    private static readonly Actor Second = new("admin-2", "second@reunite.example", null, IsPlatformAdmin: true);
    private static readonly Actor Staff = new("staff-1", "staff@thorn.example", Guid.NewGuid());

    private static LegalHold Placed(DateTimeOffset? review = null) =>
        HoldRules.Place(First, HoldScope.Case, Guid.NewGuid(), Guid.NewGuid(), "Court proceedings", "Order 2026/17", review ?? Now.AddDays(90), Now).Value!;

    private static LegalHold Active(DateTimeOffset? review = null)
    {
        var hold = Placed(review);
        Assert.True(HoldRules.Confirm(hold, Second, Now).Succeeded);
        return hold;
    }

    [Fact]
    public void PlacingNeedsAReasonAReferenceAndAFutureReviewDate()
    {
        var target = Guid.NewGuid();
        Assert.Equal(OutcomeKind.Invalid, HoldRules.Place(First, HoldScope.Case, target, target, " ", "ref", Now.AddDays(1), Now).Kind);
        Assert.Equal(OutcomeKind.Invalid, HoldRules.Place(First, HoldScope.Case, target, target, "reason", "", Now.AddDays(1), Now).Kind);
        Assert.Equal(OutcomeKind.Invalid, HoldRules.Place(First, HoldScope.Case, target, target, "reason", "ref", Now, Now).Kind);
        Assert.Equal(OutcomeKind.Invalid, HoldRules.Place(First, (HoldScope)9, target, target, "reason", "ref", Now.AddDays(1), Now).Kind);
    }

    [Fact]
    public void OnlyAPlatformAdminPlacesAHold()
    {
        var target = Guid.NewGuid();

        Assert.Equal(OutcomeKind.Forbidden, HoldRules.Place(Staff, HoldScope.Gallery, target, target, "reason", "ref", Now.AddDays(1), Now).Kind);
    }

    [Fact]
    public void APlacedHoldKeepsNothingUntilAnotherAdminConfirmsIt()
    {
        var hold = Placed();
        Assert.False(HoldRules.IsActive(hold));

        Assert.True(HoldRules.Confirm(hold, Second, Now).Succeeded);

        Assert.True(HoldRules.IsActive(hold));
        Assert.Equal("admin-2", hold.ConfirmedBy);
    }

    [Fact]
    public void TheAdminWhoPlacedAHoldCannotConfirmIt()
    {
        var hold = Placed();

        var outcome = HoldRules.Confirm(hold, First, Now);

        Assert.Equal(OutcomeKind.Forbidden, outcome.Kind);
        Assert.False(HoldRules.IsActive(hold));
    }

    [Fact]
    public void ReleaseNeedsAReasonAndAnotherAdminToConfirmIt()
    {
        var hold = Active();
        Assert.Equal(OutcomeKind.Invalid, HoldRules.RequestRelease(hold, First, "", Now).Kind);
        Assert.True(HoldRules.RequestRelease(hold, First, "Proceedings ended", Now).Succeeded);
        Assert.True(HoldRules.IsActive(hold));

        Assert.Equal(OutcomeKind.Forbidden, HoldRules.ConfirmRelease(hold, First, Now).Kind);
        Assert.True(HoldRules.IsActive(hold));

        Assert.True(HoldRules.ConfirmRelease(hold, Second, Now.AddHours(1)).Succeeded);
        Assert.False(HoldRules.IsActive(hold));
        Assert.Equal(Now.AddHours(1), hold.ReleasedAt);
    }

    [Fact]
    public void AReleaseCannotBeConfirmedBeforeItIsAskedFor()
    {
        Assert.Equal(OutcomeKind.Conflict, HoldRules.ConfirmRelease(Active(), Second, Now).Kind);
    }

    [Fact]
    public void AnUnconfirmedHoldCannotBeReleased()
    {
        Assert.Equal(OutcomeKind.Conflict, HoldRules.RequestRelease(Placed(), First, "mistake", Now).Kind);
    }

    [Fact]
    public void AHoldIsFlaggedFromItsReviewDateOnwards()
    {
        var review = Now.AddDays(30);
        var hold = Active(review);

        Assert.False(HoldRules.IsPastReview(hold, review.AddTicks(-1)));
        Assert.True(HoldRules.IsPastReview(hold, review));
        Assert.True(HoldRules.IsPastReview(hold, review.AddTicks(1)));
    }

    [Fact]
    public void AReleasedHoldIsNoLongerFlagged()
    {
        var review = Now.AddDays(30);
        var hold = Active(review);
        HoldRules.RequestRelease(hold, First, "ended", Now);
        HoldRules.ConfirmRelease(hold, Second, Now);

        Assert.False(HoldRules.IsPastReview(hold, review.AddDays(1)));
    }
}
