using Bunit;
using Portal.Domain.Cases;
using Portal.Domain.Organisations;
using Portal.Infrastructure.Cases;
using Portal.Tests.Support;
using Portal.Web.Components.Admin.Thresholds;

namespace Portal.Tests.Web.Components;

/// <summary>The pending threshold proposals offer each admin only the steps the two-person rule leaves them.</summary>
public sealed class PendingThresholdProposalsTests : PortalComponentTest
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

    private static PendingThresholdProposal Item(bool byViewer, bool expired = false) =>
        new(Guid.NewGuid(), Sector.Research, 0.40f, 0.55f, "Fewer false leads in research use", "Ada Admin", Now, byViewer,
            Now + ThresholdProposal.Lifetime, expired);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AnExpiredProposalSaysSoAndOffersNoStep(bool byViewer)
    {
        var list = Render<PendingThresholdProposals>(p => p.Add(c => c.Items, [Item(byViewer, expired: true)]));

        Assert.Contains("Expired: not confirmed within 7 days", list.Find("[data-testid=expired]").TextContent);
        Assert.Contains("propose it again", list.Markup);
        Assert.Empty(list.FindAll("[data-testid=confirm]"));
        Assert.Empty(list.FindAll("[data-testid=reject]"));
        Assert.Empty(list.FindAll("[data-testid=withdraw]"));
    }

    [Fact]
    public void TheProposerSeesOnlyWithdrawWithTheReason()
    {
        var list = Render<PendingThresholdProposals>(p => p.Add(c => c.Items, [Item(byViewer: true)]));

        Assert.Single(list.FindAll("[data-testid=withdraw]"));
        Assert.Empty(list.FindAll("[data-testid=confirm]"));
        Assert.Empty(list.FindAll("[data-testid=reject]"));
        Assert.Contains("another platform admin confirms", list.Find("[data-testid=own-explanation]").TextContent);
        Assert.Contains("Proposed by you", list.Markup);
    }

    [Fact]
    public void AnotherAdminConfirmsOrRejectsWithTheTypedReason()
    {
        var item = Item(byViewer: false);
        Guid? confirmed = null;
        (Guid Id, string? Reason)? rejected = null;
        var list = Render<PendingThresholdProposals>(p => p.Add(c => c.Items, [item])
            .Add(c => c.OnConfirm, id => confirmed = id)
            .Add(c => c.OnReject, r => rejected = r));

        Assert.Empty(list.FindAll("[data-testid=withdraw]"));
        Assert.Contains("Research minimum: 0.40 → 0.55", list.Markup);
        Assert.Contains("Ada Admin", list.Markup);
        list.Find("[data-testid=confirm]").Click();
        list.Find("input[data-testid=reject-reason], [data-testid=reject-reason] input").Change("Not backed by the evaluation");
        list.Find("[data-testid=reject]").Click();

        Assert.Equal(item.Id, confirmed);
        Assert.Equal((item.Id, "Not backed by the evaluation"), rejected);
    }

    [Fact]
    public void AnAdminWhoMayNotConfirmSeesWhyInsteadOfAConfirmButtonAndMayStillReject()
    {
        var item = Item(byViewer: false) with { ViewerCannotConfirm = "You had a hand in making the admin who asked for this change a platform admin." };
        var list = Render<PendingThresholdProposals>(p => p.Add(c => c.Items, [item]));

        Assert.Empty(list.FindAll("[data-testid=confirm]"));
        Assert.Contains("You had a hand", list.Find("[data-testid=cannot-confirm]").TextContent);
        Assert.Single(list.FindAll("[data-testid=reject]"));
        Assert.Empty(list.FindAll("[data-testid=nobody-can-confirm]"));
    }

    [Fact]
    public void WhenNoAdminMayConfirmTheCardSaysWhatWouldUnblockIt()
    {
        var item = Item(byViewer: true) with { ViewerCannotConfirm = "You asked for this.", NobodyCanConfirm = true };
        var list = Render<PendingThresholdProposals>(p => p.Add(c => c.Items, [item]));

        var alert = list.Find("[data-testid=nobody-can-confirm]").TextContent;
        Assert.Contains("nobody can confirm this change", alert);
        Assert.Contains("admin grant", alert);
        Assert.Single(list.FindAll("[data-testid=withdraw]"));
    }

    [Fact]
    public void AnEmptyListSaysNothingIsWaiting()
    {
        var list = Render<PendingThresholdProposals>(p => p.Add(c => c.Items, []));

        Assert.Contains("No change is waiting", list.Find("[data-testid=no-pending]").TextContent);
    }
}
