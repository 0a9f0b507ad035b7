using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Identity;
using Portal.Infrastructure.Auditing;
using Portal.Tests.Infrastructure.Auditing;
using Portal.Tests.Support;
using Portal.Web.Components.Admin;
using Portal.Web.Components.Pages.Admin;
using Portal.Web.Components.Shared;
using static Portal.Tests.Infrastructure.Auditing.AuditExpiryBed;

namespace Portal.Tests.Web.Components;

/// <summary>The audit viewer says in one line which entries the retention schedule deleted, and says nothing before any are.</summary>
public sealed class AuditExpiryNoticeTests : PortalComponentTest, IAsyncLifetime
{
    private AuditExpiryBed _bed = null!;

    public async Task InitializeAsync()
    {
        _bed = await StartAsync();
        Services.AddSingleton(_bed.Host.Get<AuditQueries>());
        Services.AddSingleton(new BrowserTimeZone(JSInterop.JSRuntime));
        var admin = await ReviewScenario.ActorAsync(_bed.Host.Services, TestAccounts.AdminEmail);
        SignIn(Principal(admin.UserId, TestAccounts.AdminEmail, Roles.PlatformAdmin));
    }

    async Task IAsyncLifetime.DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task TheAuditPageNamesTheDeletedEntriesTheDayAndThePeriod()
    {
        var (old, _) = await _bed.TwoGroupsAsync();
        var before = Render<AuditLogPage>();
        before.WaitForAssertion(() => Assert.NotEmpty(before.FindAll("[data-testid=audit-table]")));
        Assert.Empty(before.FindAll("[data-testid=audit-expired]"));

        await _bed.Expiry.RunAsync();
        var page = Render<AuditLogPage>();

        var day = (Start + SevenYears + TimeSpan.FromDays(1)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        page.WaitForAssertion(() => Assert.Equal(
            $"Entries 1–{old[^1].Sequence} were deleted on {day} under the retention schedule (kept 7 years); the chain is verified from there.",
            page.Find("[data-testid=audit-expired]").TextContent.Trim()));
    }

    [Fact]
    public void SeveralExpiriesNameTheLatestDayInTheReadersZone()
    {
        var zone = TimeZoneInfo.CreateCustomTimeZone("plus-ten", TimeSpan.FromHours(10), "plus-ten", "plus-ten");
        var summary = new AuditExpirySummary(4212, new DateTimeOffset(2033, 11, 30, 20, 0, 0, TimeSpan.Zero), 2555, 3);

        var notice = Render<AuditExpiryNotice>(p => p.Add(c => c.Summary, summary).Add(c => c.Zone, zone));

        Assert.Equal("Entries 1–4,212 were deleted under the retention schedule (kept 7 years), the latest on 2033-12-01; the chain is verified from there.",
            notice.Find("[data-testid=audit-expired]").TextContent.Trim());
    }
}
