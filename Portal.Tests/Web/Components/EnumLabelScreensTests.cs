using Bunit;
using Portal.Domain.Cases;
using Portal.Domain.Identity;
using Portal.Domain.Moratoria;
using Portal.Domain.Organisations;
using Portal.Infrastructure.Organisations;
using Portal.Infrastructure.Review;
using Portal.Infrastructure.Users;
using Portal.Tests.Support;
using Portal.Web.Components.Admin.Users;
using Portal.Web.Components.Members;
using Portal.Web.Components.Moratoria;
using Portal.Web.Components.Review;

namespace Portal.Tests.Web.Components;

/// <summary>Issue 13, confusions 7 and 8: the screens that showed enum names now show their written labels.</summary>
public sealed class EnumLabelScreensTests : PortalComponentTest
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TheInvitationsTableNamesTheRoleAndStateInWords()
    {
        var invitation = new InvitationView(Guid.NewGuid(), "new@thorn.example", Roles.PartnerStaff, "lead@thorn.example", Now, Now.AddHours(72),
            InvitationState.Open);

        var table = Render<InvitationsTable>(p => p.Add(c => c.Invitations, [invitation]));

        Assert.Contains("Partner staff", table.Markup);
        Assert.Empty(RawEnumNames.In(Text(table)));
    }

    [Fact]
    public void TheUserTableNamesRolesInWords()
    {
        var user = new UserSummary("u1", "admin@reunite.example", "Admin", [Roles.PlatformAdmin], null, null, false, true);

        var table = Render<UserTable>(p => p.Add(c => c.Users, [user]));

        Assert.Contains("Platform admin", table.Markup);
        Assert.Empty(RawEnumNames.In(Text(table)));
    }

    [Fact]
    public void AMoratoriumCardSaysInForceAsThePublicStatementDoes()
    {
        var moratorium = new Moratorium { Title = "Police", Sectors = [Sector.LawEnforcement, Sector.OtherGovernment], StartsAt = Now.AddDays(-1) };

        var card = Render<MoratoriumCard>(p => p.Add(c => c.Moratorium, moratorium).Add(c => c.Now, Now));

        Assert.Equal("In force", card.Find("[data-testid=phase]").TextContent.Trim());
        Assert.Contains("Law enforcement, Other government", card.Markup);
        Assert.Empty(RawEnumNames.In(Text(card)));
    }

    [Fact]
    public void TheReviewFactsNameTheBandAndThePurposeAsTheApplicationDid()
    {
        var item = new ReviewItem(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "MC-1", Purpose.DisasterReunification,
            "probe.jpg", 0, 1, 0.91f, CandidateBand.Strong, 0.7f, "Intake", "face.jpg", Now);

        var facts = Render<CandidateFacts>(p => p.Add(c => c.Item, item));

        Assert.Equal("Reuniting families after disasters", facts.Find("[data-testid=fact-purpose]").TextContent.Trim());
        Assert.Equal("Strong", facts.Find("[data-testid=fact-band]").TextContent.Trim());
        Assert.Empty(RawEnumNames.In(Text(facts)));
    }

    private static string Text<T>(IRenderedComponent<T> component) where T : Microsoft.AspNetCore.Components.IComponent =>
        string.Concat(component.Nodes.Select(n => n.TextContent));
}
