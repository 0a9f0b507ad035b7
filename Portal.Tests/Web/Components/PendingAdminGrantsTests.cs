using Bunit;
using Portal.Domain.Identity;
using Portal.Infrastructure.Users;
using Portal.Tests.Support;
using Portal.Web.Components.Admin.Users;

namespace Portal.Tests.Web.Components;

/// <summary>Pending grants of the admin role offer Confirm only to an admin who may confirm, and say when nobody may.</summary>
public sealed class PendingAdminGrantsTests : PortalComponentTest
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

    private static PendingAdminGrant Item(string? cannotConfirm, bool nobody = false, bool byViewer = false) =>
        new(Guid.NewGuid(), "user-id", "new-admin@reunite.example", "New Admin", "Ada Admin", Now, Now + AdminGrant.Lifetime,
            byViewer, cannotConfirm, nobody);

    [Fact]
    public void AnIndependentAdminMayConfirmOrCancel()
    {
        var item = Item(cannotConfirm: null);
        Guid? confirmed = null;
        var list = Render<PendingAdminGrants>(p => p.Add(c => c.Items, [item]).Add(c => c.OnConfirm, id => confirmed = id));

        list.Find("[data-testid=confirm-grant]").Click();

        Assert.Equal(item.Id, confirmed);
        Assert.Single(list.FindAll("[data-testid=cancel-grant]"));
        Assert.Contains("Unless confirmed, it expires", list.Markup);
    }

    [Fact]
    public void AnAdminWhoMayNotConfirmSeesWhyAndNoConfirmButton()
    {
        var list = Render<PendingAdminGrants>(p => p.Add(c => c.Items, [Item("The portal cannot count you as two people.")]));

        Assert.Empty(list.FindAll("[data-testid=confirm-grant]"));
        Assert.Contains("cannot count you as two people", list.Find("[data-testid=cannot-confirm]").TextContent);
        Assert.Single(list.FindAll("[data-testid=cancel-grant]"));
    }

    [Fact]
    public void WhenNoAdminMayConfirmTheCardSaysWhatWouldUnblockIt()
    {
        var list = Render<PendingAdminGrants>(p => p.Add(c => c.Items, [Item("You asked for this, so another platform admin confirms it.", nobody: true, byViewer: true)]));

        Assert.Contains("You asked for this", list.Find("[data-testid=own-grant]").TextContent);
        var alert = list.Find("[data-testid=nobody-can-confirm]").TextContent;
        Assert.Contains("nobody can confirm this grant", alert);
        Assert.Contains("admin grant", alert);
    }
}
