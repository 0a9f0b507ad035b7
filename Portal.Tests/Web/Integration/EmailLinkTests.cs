using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Domain.Common;
using Portal.Domain.Identity;
using Portal.Domain.Organisations;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Messaging;
using Portal.Infrastructure.Organisations;
using Portal.Tests.Support;

namespace Portal.Tests.Web.Integration;

/// <summary>Links in e-mails come from Portal:PublicBaseUrl, whatever Host header the request that caused them carried.</summary>
public sealed class EmailLinkTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string EvilHost = "evil.example";

    [Fact]
    public async Task AnApplicationPostedWithAForeignHostIsConfirmedByALinkToThePublicAddress()
    {
        using var client = EvilClient();

        var response = await client.PostFormAsync("/partners/apply", "partner-application",
            Applicants.FormFields("Host Poison Org", "lead@hostpoison.example"));

        // The request did reach the portal as evil.example: its own redirect is built from the Host header.
        Assert.Equal(EvilHost, response.Headers.Location?.Host);
        var link = Mail.LatestLinkTo("lead@hostpoison.example", "/Account/ConfirmEmail");
        Assert.StartsWith($"{PortalFactory.PublicBaseUrl}/Account/ConfirmEmail?userId=", link);
    }

    [Fact]
    public async Task AConfirmationLinkAskedForAgainWithAForeignHostPointsAtThePublicAddress()
    {
        await factory.Services.GetRequiredService<PartnerApplications>()
            .SubmitAsync(Applicants.Application("Resend Host Org", "lead@resendhost.example"), "test");
        using var client = EvilClient();

        var response = await client.PostFormAsync("/Account/ResendEmailConfirmation", "resend-confirmation",
            new Dictionary<string, string> { ["Input.Email"] = "lead@resendhost.example" });

        Assert.Contains("a new link is on its way", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        var links = Mail.List().Where(m => m.To == "lead@resendhost.example").Select(m => m.Body).ToList();
        Assert.Equal(2, links.Count);
        Assert.All(links, body => Assert.Contains($"{PortalFactory.PublicBaseUrl}/Account/ConfirmEmail?userId=", body));
        Assert.All(links, body => Assert.DoesNotContain(EvilHost, body));
    }

    [Fact]
    public async Task AnInvitationLinkPointsAtThePublicAddress()
    {
        using var scope = factory.Services.CreateScope();
        var lead = (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(TestAccounts.ThornStaff))!;
        var actor = new Actor(lead.Id, lead.Email!, lead.OrganisationId, IsPlatformAdmin: false);

        var outcome = await factory.Services.GetRequiredService<OrganisationMembers>()
            .InviteAsync(actor, lead.OrganisationId!.Value, "new.colleague@thorn.example", Roles.Reviewer);

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.StartsWith($"{PortalFactory.PublicBaseUrl}/invitations/accept?token=",
            Mail.LatestLinkTo("new.colleague@thorn.example", "/invitations/accept"));
    }

    private HttpClient EvilClient()
    {
        var client = factory.CreateBrowserLikeClient();
        client.DefaultRequestHeaders.Host = EvilHost;
        return client;
    }

    private IMailPickup Mail => factory.Services.GetRequiredService<IMailPickup>();
}
