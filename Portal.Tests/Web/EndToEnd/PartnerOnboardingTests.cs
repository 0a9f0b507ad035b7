using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Domain.Auditing;
using Portal.Infrastructure.Messaging;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Web.EndToEnd;

/// <summary>
/// The whole partner path in a real browser: apply, confirm, approve, invite, join, suspend.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class PartnerOnboardingTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Applicant = "lead@harbour.example";
    private const string Colleague = "reviewer@harbour.example";
    private PortalServer _server = default!;

    public Task InitializeAsync()
    {
        _server = PortalServer.Start(factory =>
        {
            factory.Settings["Portal:Security:RequireTwoFactorForAdmins"] = "false";
            // Short, so the test sees open sessions end; the shipped default is one minute (at most five).
            factory.Settings["Portal:Security:RevalidationInterval"] = "00:00:03";
        });
        return Task.CompletedTask;
    }

    [Fact]
    public async Task AnOrganisationAppliesIsApprovedInvitesAColleagueAndIsSuspended()
    {
        var applicant = await browser.NewPageAsync();
        await ApplyAsync(applicant);

        await applicant.GotoAsync(Mail.LatestLinkTo(Applicant, "/Account/ConfirmEmail"));
        await Assertions.Expect(applicant.GetByTestId("email-confirmed")).ToBeVisibleAsync();
        await applicant.SignInAsync(_server, Applicant, Applicants.Password);
        await Assertions.Expect(applicant.GetByTestId("application-status-chip")).ToHaveTextAsync("Applied");
        await Assertions.Expect(applicant.GetByRole(AriaRole.Link, new() { Name = "Cases" })).ToHaveCountAsync(0);

        var admin = await browser.NewPageAsync();
        await admin.SignInAsync(_server, TestAccounts.AdminEmail, TestAccounts.AdminPassword);
        await admin.GotoAsync(_server.Url("/admin/partners"));
        await admin.WaitForCircuitAsync();
        await admin.GetByRole(AriaRole.Link, new() { Name = "Harbour Reunite" }).ClickAsync();
        await admin.ChangePartnerStatusAsync("action-UnderReview", "References requested and checked.");
        await admin.GetByTestId("action-Approved").ClickAsync();
        var approve = admin.GetByRole(AriaRole.Dialog);
        await approve.GetByTestId("grant-DisasterReunification").CheckAsync();
        await approve.GetByTestId("reason").FillAsync("Registered charity; references from two NGOs.");
        await approve.GetByTestId("confirm").ClickAsync();
        await Assertions.Expect(admin.GetByTestId("partner-status")).ToHaveTextAsync("Approved");
        await Assertions.Expect(admin.GetByTestId("granted-purposes")).ToHaveTextAsync("Reuniting families after disasters");

        await applicant.GotoAsync(_server.Url("/organisation"));
        await applicant.WaitForCircuitAsync();
        await applicant.GetByTestId("invite").ClickAsync();
        var invite = applicant.GetByRole(AriaRole.Dialog);
        await invite.GetByTestId("invite-email").FillAsync(Colleague);
        await invite.GetByTestId("invite-role-reviewer").CheckAsync();
        await invite.GetByTestId("send-invitation").ClickAsync();
        await Assertions.Expect(applicant.GetByTestId("invitations-table")).ToContainTextAsync(Colleague);

        var colleague = await browser.NewPageAsync();
        await colleague.GotoAsync(Mail.LatestLinkTo(Colleague, "/invitations/accept"));
        await colleague.GetByLabel("Your name").FillAsync("Kofi Mensah");
        await colleague.GetByLabel("Password (at least 12 characters)").FillAsync("colleague-password-1");
        await colleague.GetByLabel("Password again").FillAsync("colleague-password-1");
        await colleague.GetByRole(AriaRole.Button, new() { Name = "Create my account" }).ClickAsync();
        await Assertions.Expect(colleague.GetByTestId("joined")).ToBeVisibleAsync();
        await colleague.SignInAsync(_server, Colleague, "colleague-password-1");
        await colleague.GotoAsync(_server.Url("/review"));
        await colleague.WaitForCircuitAsync();
        await Assertions.Expect(colleague.GetByTestId("review-page")).ToBeVisibleAsync();

        await applicant.GotoAsync(_server.Url("/cases"));
        await applicant.WaitForCircuitAsync();
        await Assertions.Expect(applicant.GetByTestId("cases-page")).ToBeVisibleAsync();

        await admin.ChangePartnerStatusAsync("action-Suspended", "Data-use agreement breach under investigation.");
        await Assertions.Expect(admin.GetByTestId("partner-status")).ToHaveTextAsync("Suspended");

        // Both open sessions end by themselves within the revalidation interval: no reload by the test.
        var lockedOut = new PageAssertionsToHaveURLOptions { Timeout = 30_000 };
        await Assertions.Expect(applicant).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/Login"), lockedOut);
        await Assertions.Expect(colleague).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/Login"), lockedOut);
        await applicant.SignInAsync(_server, Applicant, Applicants.Password);
        await applicant.GotoAsync(_server.Url("/cases"));
        await Assertions.Expect(applicant.GetByRole(AriaRole.Heading, new() { Name = "Not authorised" })).ToBeVisibleAsync();

        await AssertAuditedAsync(
            AuditActions.PartnerApplied, AuditActions.PartnerApplicationConfirmed, AuditActions.PartnerStatusChanged,
            AuditActions.MemberInvited, AuditActions.MemberJoined, AuditActions.SignIn);
        Assert.True(await _server.Services.GetRequiredService<IAuditLog>().VerifyAsync() is { IsIntact: true });
    }

    private IMailPickup Mail => _server.Services.GetRequiredService<IMailPickup>();

    private async Task ApplyAsync(IPage page)
    {
        await page.GotoAsync(_server.Url("/partners/apply"));
        await page.GetByLabel("Legal name").FillAsync("Harbour Reunite");
        await page.GetByLabel("Sector").SelectOptionAsync("HumanitarianReunification");
        await page.GetByLabel("Country").FillAsync("Greece");
        await page.GetByLabel("Website").FillAsync("https://harbour.example");
        await page.GetByLabel("Contact person").FillAsync("Eleni Papadopoulou");
        await page.GetByLabel("Mission statement").FillAsync(
            "We reunite families separated while crossing the Aegean, working with coastguards and shelters.");
        await page.GetByLabel("Reuniting families after disasters").CheckAsync();
        await page.GetByLabel("Finding missing children").CheckAsync();
        await page.GetByLabel("I accept version").CheckAsync();
        await page.GetByLabel("Email").FillAsync(Applicant);
        await page.GetByLabel("Password (at least 12 characters)").FillAsync(Applicants.Password);
        await page.GetByLabel("Password again").FillAsync(Applicants.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the application" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("application-received")).ToBeVisibleAsync();
    }

    private async Task AssertAuditedAsync(params string[] actions)
    {
        await using var db = await _server.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var recorded = await db.AuditEntries.Select(e => e.Action).Distinct().ToListAsync();
        Assert.All(actions, action => Assert.Contains(action, recorded));
        Assert.Equal(3, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.PartnerStatusChanged && e.Details.StartsWith("Harbour Reunite")));
    }

    public async Task DisposeAsync()
    {
        await browser.CloseContextsAsync();
        await _server.DisposeAsync();
    }
}
