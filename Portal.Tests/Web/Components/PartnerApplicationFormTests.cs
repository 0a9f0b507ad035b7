using Bunit;
using Portal.Domain.Organisations;
using Portal.Tests.Support;
using Portal.Web.Components.Partners;

namespace Portal.Tests.Web.Components;

public sealed class PartnerApplicationFormTests : PortalComponentTest
{
    [Fact]
    public void AnEmptySubmissionShowsAMessageForEveryRequiredFieldAndDoesNotSubmit()
    {
        var submitted = false;
        var cut = Render<PartnerApplicationForm>(p => p
            .Add(x => x.Model, new PartnerApplicationInput())
            .Add(x => x.OnValidSubmit, () => submitted = true));

        cut.Find("form").Submit();

        var messages = cut.FindAll("div.validation-message").Select(m => m.TextContent).ToList();
        Assert.False(submitted);
        Assert.Contains("Enter the organisation's legal name.", messages);
        Assert.Contains("Choose the sector the organisation works in.", messages);
        Assert.Contains("Enter the organisation's website.", messages);
        Assert.Contains("Describe the organisation's mission.", messages);
        Assert.Contains("Choose at least one purpose.", messages);
        Assert.Contains("Accept the data-use agreement to apply.", messages);
        Assert.Contains("Enter your email address.", messages);
        Assert.Contains("Choose a password.", messages);
    }

    [Fact]
    public void AShortMissionAMismatchedPasswordAndABadWebsiteAreNamed()
    {
        var model = Valid();
        model.MissionStatement = "Too short.";
        model.ConfirmPassword = "something-else-entirely";
        model.Website = "not a url";
        var cut = Render<PartnerApplicationForm>(p => p.Add(x => x.Model, model));

        cut.Find("form").Submit();

        var messages = cut.FindAll("div.validation-message").Select(m => m.TextContent).ToList();
        Assert.Equal(3, messages.Count);
        Assert.Contains("Describe the mission in 50 to 4000 characters.", messages);
        Assert.Contains("The two passwords differ.", messages);
        Assert.Contains("Enter the website as a full address, starting with https://.", messages);
    }

    [Fact]
    public void ACompleteFormSubmitsTheRequestedPurposesAndTheCurrentAgreement()
    {
        var model = Valid();
        var submitted = false;
        var cut = Render<PartnerApplicationForm>(p => p.Add(x => x.Model, model).Add(x => x.OnValidSubmit, () => submitted = true));

        cut.Find("form").Submit();

        Assert.True(submitted);
        var application = model.ToApplication();
        Assert.Equal(Purpose.MissingChild | Purpose.DisasterReunification, application.RequestedPurposes);
        Assert.Equal(DataUseAgreement.CurrentVersion, application.AcceptedAgreementVersion);
    }

    [Fact]
    public void TheWholeAgreementIsShownWithItsVersion()
    {
        var cut = Render<PartnerApplicationForm>(p => p.Add(x => x.Model, new PartnerApplicationInput()));

        var agreement = cut.Find("[data-testid=agreement]");
        Assert.Contains(DataUseAgreement.CurrentVersion, agreement.TextContent);
        Assert.Equal(DataUseAgreement.Clauses.Count, agreement.QuerySelectorAll("li").Length);
    }

    private static PartnerApplicationInput Valid() => new()
    {
        LegalName = "Flood Reunite", Sector = Sector.HumanitarianReunification, Country = "Kenya",
        Website = "https://flood.example", ContactPerson = "Amina",
        MissionStatement = "We reunite families separated by floods and conflict across East Africa.",
        MissingChild = true, DisasterReunification = true, AcceptsAgreement = true,
        Email = "lead@flood.example", Password = "a-long-password", ConfirmPassword = "a-long-password",
    };
}
