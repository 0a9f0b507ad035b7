using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Domain.Common;
using Portal.Domain.Organisations;
using Portal.Infrastructure.Messaging;
using Portal.Infrastructure.Organisations;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Web.EndToEnd;

/// <summary>
/// Issue 13, confusion 11: the applicant's page, open while the platform admin approves the organisation, shows the
/// organisation's features at once, without signing in again, and keeps them after a reload.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ApprovalReachesOpenSessionTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Applicant = "lead@delta.example";
    private PortalServer _server = default!;

    // The shipped revalidation interval (one minute) is longer than any wait below: what the page shows comes from
    // the approval itself, not from a revalidation.
    public Task InitializeAsync()
    {
        _server = PortalServer.Start();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task TheApplicantsOpenHomePageShowsTheSearchFeaturesOnceTheOrganisationIsApproved()
    {
        var organisationId = await AppliedAndConfirmedAsync();
        var applicant = await browser.NewPageAsync();
        await applicant.SignInAsync(_server, Applicant, Applicants.Password);
        await applicant.WaitForCircuitAsync();
        var nav = applicant.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" });
        await Assertions.Expect(applicant.GetByTestId("application-status-chip")).ToHaveTextAsync("Applied");
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Cases" })).ToHaveCountAsync(0);

        var vetting = _server.Services.GetRequiredService<OrganisationAdministration>();
        var admin = await AdminAsync();
        Assert.True((await vetting.ChangeStatusAsync(admin, organisationId, OrganisationStatus.UnderReview, "References checked.")).Succeeded);
        Assert.True((await vetting.ApproveAsync(admin, organisationId, Purpose.DisasterReunification, "Registered charity.")).Succeeded);

        // No reload: the open page follows the approval.
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Cases" })).ToBeVisibleAsync();
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Your organisation" })).ToBeVisibleAsync();
        await Assertions.Expect(applicant.GetByRole(AriaRole.Heading, new() { Name = "Searches" })).ToBeVisibleAsync();
        await Assertions.Expect(applicant.GetByTestId("application-status")).ToHaveCountAsync(0);

        await applicant.ReloadAsync();
        await applicant.WaitForCircuitAsync();
        await Assertions.Expect(applicant.GetByRole(AriaRole.Heading, new() { Name = "Searches" })).ToBeVisibleAsync();
        await nav.GetByRole(AriaRole.Link, new() { Name = "Cases" }).ClickAsync();
        await Assertions.Expect(applicant.GetByTestId("cases-page")).ToBeVisibleAsync();
    }

    private async Task<Guid> AppliedAndConfirmedAsync()
    {
        var applications = _server.Services.GetRequiredService<PartnerApplications>();
        Assert.True((await applications.SubmitAsync(Applicants.Application("Delta Reunite", Applicant), "10.0.0.1")).Succeeded);
        var link = new Uri(_server.Services.GetRequiredService<IMailPickup>().LatestLinkTo(Applicant, "/Account/ConfirmEmail"));
        var query = System.Web.HttpUtility.ParseQueryString(link.Query);
        Assert.True((await applications.ConfirmEmailAsync(query["userId"]!, query["code"]!)).Succeeded);
        await using var db = await Database().CreateDbContextAsync();
        return await db.Organisations.Where(o => o.Name == "Delta Reunite").Select(o => o.Id).SingleAsync();
    }

    private async Task<Actor> AdminAsync()
    {
        await using var db = await Database().CreateDbContextAsync();
        var id = await db.Users.Where(u => u.Email == TestAccounts.AdminEmail).Select(u => u.Id).SingleAsync();
        return new Actor(id, TestAccounts.AdminEmail, null, IsPlatformAdmin: true);
    }

    private IDbContextFactory<PortalDbContext> Database() => _server.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();

    public async Task DisposeAsync()
    {
        await browser.CloseContextsAsync();
        await _server.DisposeAsync();
    }
}
