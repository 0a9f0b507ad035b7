using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Identity;
using Portal.Domain.Moratoria;
using Portal.Domain.Organisations;
using Portal.Infrastructure.Common;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Moratoria;
using Portal.Infrastructure.Organisations;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;
using Portal.Web.Components.Moratoria;

namespace Portal.Tests.Web.Components;

/// <summary>
/// The guard around search features on a page left open: it must close when a moratorium starts on schedule (no
/// notifier speaks then), and a blocked page left open must not write a refusal into the audit log at every look.
/// </summary>
public sealed class MoratoriumGuardTests : PortalComponentTest, IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
    private static readonly Actor Admin = new("admin", TestAccounts.AdminEmail, null, IsPlatformAdmin: true);
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _time = new(T0);
    private InfrastructureHost _host = default!;

    public async Task InitializeAsync()
    {
        _host = await InfrastructureHost.StartAsync(_data.Path, seedDemoData: true,
            configure: services => services.AddSingleton<TimeProvider>(_time));
        Services.AddSingleton<TimeProvider>(_time);
        Services.AddSingleton(_host.Get<MoratoriumGate>());
        Services.AddSingleton(_host.Get<Notifier<ScheduleChanged>>());
        Services.AddSingleton(_host.Get<Notifier<StandingChanged>>());
        SignIn(await MarinusStaffAsync());
    }

    [Fact]
    public async Task APageLeftOpenClosesWhenAMoratoriumStartsOnScheduleAndAuditsTheRefusalOnce()
    {
        await CreateMoratoriumAsync(T0.AddMinutes(1));
        var guard = Render<MoratoriumGuard>(p => p
            .Add(g => g.Door, MoratoriumGate.Doors.SearchPage)
            .AddChildContent("<p data-testid='feature'>search</p>"));
        guard.WaitForElement("[data-testid='feature']");

        // Past the start, then four more polls while it stays blocked.
        for (var poll = 0; poll < 5; poll++)
            _time.Advance(TimeSpan.FromSeconds(30));

        guard.WaitForElement("[data-testid='moratorium-banner']");
        Assert.Empty(guard.FindAll("[data-testid='feature']"));
        Assert.Equal(1, await RefusalsAsync());
    }

    [Fact]
    public async Task AnUnrelatedScheduleChangeDoesNotAuditTheOpenBlockedPageAgain()
    {
        await CreateMoratoriumAsync(T0);
        var guard = Render<MoratoriumGuard>(p => p.Add(g => g.Door, MoratoriumGate.Doors.SearchPage));
        guard.WaitForElement("[data-testid='moratorium-banner']");

        var other = await _host.Get<MoratoriumSchedule>().CreateAsync(Admin,
            new MoratoriumDraft("Police pause", [Sector.LawEnforcement], [], T0, null, "Another pause."), "testing");
        Assert.True(other.Succeeded, other.Error);
        _time.Advance(TimeSpan.FromSeconds(30));

        guard.WaitForAssertion(() => Assert.NotNull(guard.Find("[data-testid='moratorium-banner']")));
        Assert.Equal(1, await RefusalsAsync());
    }

    private async Task CreateMoratoriumAsync(DateTimeOffset start)
    {
        var created = await _host.Get<MoratoriumSchedule>().CreateAsync(Admin,
            new MoratoriumDraft("Trafficking pause", [Sector.AntiTraffickingNonprofit], [], start, null, "A test pause."), "testing");
        Assert.True(created.Succeeded, created.Error);
    }

    private async Task<int> RefusalsAsync()
    {
        await using var db = await _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.AuditEntries.CountAsync(e => e.Action == AuditActions.MoratoriumRefused);
    }

    private async Task<ClaimsPrincipal> MarinusStaffAsync()
    {
        using var scope = _host.Services.CreateScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync("staff@marinus.example");
        var principal = Principal(user!.Id, user.Email!, Roles.PartnerStaff);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(PortalClaimTypes.OrganisationId, user.OrganisationId!.Value.ToString()));
        return principal;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }
}
