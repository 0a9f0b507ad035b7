using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Domain.Auditing;
using Portal.Infrastructure.Moratoria;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Web.EndToEnd;

/// <summary>
/// The first reproduction in a real browser: a search form opened before the suspension. The form goes the
/// moment the admin confirms, long before the session itself is ended, and comes back on reinstatement.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class SuspensionTests(BrowserFixture browser) : IAsyncLifetime
{
    private PortalServer _server = default!;

    public Task InitializeAsync()
    {
        _server = PortalServer.Start(factory =>
        {
            factory.Settings["Portal:Security:RequireTwoFactorForAdmins"] = "false";
            // Long enough that only the standing check, not the sign-out, can explain the form going away.
            factory.Settings["Portal:Security:RevalidationInterval"] = "00:05:00";
        });
        return Task.CompletedTask;
    }

    [Fact]
    public async Task AnOpenSearchFormIsWithdrawnTheMomentTheOrganisationIsSuspendedAndReturnsOnReinstatement()
    {
        var staff = await browser.NewPageAsync();
        await staff.SignInAsync(_server, TestAccounts.ThornStaff, TestAccounts.DemoPassword);
        await staff.GotoAsync(_server.Url("/cases/new"));
        await staff.WaitForCircuitAsync();
        await staff.GetByTestId("case-reference").FillAsync("MC-OPEN-PAGE");

        var admin = await browser.NewPageAsync();
        await admin.SignInAsync(_server, TestAccounts.AdminEmail, TestAccounts.AdminPassword);
        await admin.GotoAsync(_server.Url($"/admin/partners/{await ThornIdAsync()}"));
        await admin.WaitForCircuitAsync();
        await admin.ChangePartnerStatusAsync("action-Suspended", "Data-use agreement breach under investigation.");
        await Assertions.Expect(admin.GetByTestId("partner-status")).ToHaveTextAsync("Suspended");

        await Assertions.Expect(staff.GetByTestId("new-case-form")).ToHaveCountAsync(0);
        await Assertions.Expect(staff.GetByText("your organisation's access is suspended")).ToBeVisibleAsync();
        Assert.Contains("/cases/new", staff.Url, StringComparison.Ordinal);
        await using (var db = await DbAsync())
        {
            var staffKey = await AuditActorKeys.OfAsync(db, TestAccounts.ThornStaff);
            Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.StandingRefused
                && e.Actor == staffKey && e.Target == $"door:{MoratoriumGate.Doors.SearchPage}"));
        }

        await admin.ChangePartnerStatusAsync("action-Approved", "Investigation closed; agreement upheld.");
        await Assertions.Expect(admin.GetByTestId("partner-status")).ToHaveTextAsync("Approved");
        await Assertions.Expect(staff.GetByTestId("new-case-form")).ToBeVisibleAsync();
    }

    private async Task<Guid> ThornIdAsync()
    {
        await using var db = await DbAsync();
        return (await db.Organisations.SingleAsync(o => o.Name == "Thorn")).Id;
    }

    private Task<PortalDbContext> DbAsync() =>
        _server.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    public async Task DisposeAsync()
    {
        await browser.CloseContextsAsync();
        await _server.DisposeAsync();
    }
}
