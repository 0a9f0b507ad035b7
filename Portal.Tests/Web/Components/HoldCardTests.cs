using Bunit;
using Portal.Domain.Lifecycle;
using Portal.Infrastructure.Lifecycle.Holds;
using Portal.Tests.Support;
using Portal.Web.Components.Lifecycle;

namespace Portal.Tests.Web.Components;

/// <summary>A hold's card offers each admin only the steps the two-person rule leaves them, and says why when it does not.</summary>
public sealed class HoldCardTests : PortalComponentTest
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ConfirmIsDisabledWithAnExplanationForTheAdminWhoPlacedTheHold()
    {
        var card = Render<HoldCard>(p => p.Add(c => c.View, View(Pending())).Add(c => c.CurrentUserId, "admin-1"));

        Assert.True(card.Find("[data-testid=confirm]").HasAttribute("disabled"));
        Assert.Contains("another platform admin confirms it", card.Find("[data-testid=confirm-explanation]").TextContent);
        Assert.Contains("protects nothing", card.Find("[data-testid=pending-note]").TextContent);
    }

    [Fact]
    public void AnotherAdminCanConfirm()
    {
        var card = Render<HoldCard>(p => p.Add(c => c.View, View(Pending())).Add(c => c.CurrentUserId, "admin-2"));

        Assert.False(card.Find("[data-testid=confirm]").HasAttribute("disabled"));
        Assert.Empty(card.FindAll("[data-testid=confirm-explanation]"));
    }

    [Fact]
    public void ConfirmReleaseIsDisabledForTheAdminWhoAskedForIt()
    {
        var hold = Pending();
        hold.ConfirmedBy = "admin-2";
        hold.ConfirmedAt = Now;
        hold.ReleaseRequestedBy = "admin-2";
        hold.ReleaseRequestedAt = Now;
        hold.ReleaseReason = "order lifted";

        var asker = Render<HoldCard>(p => p.Add(c => c.View, View(hold)).Add(c => c.CurrentUserId, "admin-2"));
        var other = Render<HoldCard>(p => p.Add(c => c.View, View(hold)).Add(c => c.CurrentUserId, "admin-1"));

        Assert.True(asker.Find("[data-testid=confirm-release]").HasAttribute("disabled"));
        Assert.NotEmpty(asker.FindAll("[data-testid=release-explanation]"));
        Assert.False(other.Find("[data-testid=confirm-release]").HasAttribute("disabled"));
    }

    [Fact]
    public void AHoldPastItsReviewDateShowsReviewOverdue()
    {
        var overdue = Render<HoldCard>(p => p.Add(c => c.View, View(Pending()) with { PastReview = true }).Add(c => c.CurrentUserId, "admin-2"));
        var onTime = Render<HoldCard>(p => p.Add(c => c.View, View(Pending())).Add(c => c.CurrentUserId, "admin-2"));

        Assert.Equal("Review overdue", overdue.Find("[data-testid=review-overdue]").TextContent.Trim());
        Assert.Empty(onTime.FindAll("[data-testid=review-overdue]"));
    }

    private static LegalHold Pending() => new()
    {
        Scope = HoldScope.Case, TargetId = Guid.NewGuid(), OrganisationId = Guid.NewGuid(), Reason = "proceedings", Reference = "Order 17",
        ReviewDate = Now.AddDays(30), PlacedBy = "admin-1", PlacedAt = Now,
    };

    private static HoldView View(LegalHold hold) =>
        new(hold, "TH-1", "Thorn", "First admin", hold.ConfirmedBy is null ? null : "Second admin",
            hold.ReleaseRequestedBy is null ? null : "Second admin", null, PastReview: false);
}
