using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Cases;
using Portal.Domain.Common;
using Portal.Domain.Identity;
using Portal.Domain.Organisations;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Galleries;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Users;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Auditing;

/// <summary>A change and its audit entry are one transaction: when the entry cannot be written, the change is not kept.</summary>
public sealed class AuditedChangeRollbackTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private readonly FailingAuditWrite _failingAudit = new();
    private InfrastructureHost _host = default!;
    private static readonly Actor Admin = new("admin-id", TestAccounts.AdminEmail, null, IsPlatformAdmin: true);

    public async Task InitializeAsync()
    {
        _host = await InfrastructureHost.StartAsync(_data.Path, seedDemoData: true, configure: _failingAudit.AddTo);
        _failingAudit.Armed = true;
    }

    [Fact]
    public async Task AGalleryWhoseEntryCannotBeWrittenIsNotCreated()
    {
        var staff = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.ThornStaff);

        await Assert.ThrowsAsync<IOException>(() => _host.Get<GalleryService>().CreateAsync(staff, new NewGallery("Unaudited", "", "test")));

        await using var db = await ContextAsync();
        Assert.False(await db.Galleries.AnyAsync(g => g.Name == "Unaudited"));
    }

    [Fact]
    public async Task ASectorMinimumWhoseEntryCannotBeWrittenIsNotChanged()
    {
        _failingAudit.Armed = false;
        await GovernedThresholds.EnsureAdminsAsync(_host.Services);
        var proposed = await _host.Get<ThresholdProposals>().ProposeAsync(GovernedThresholds.Proposer, Sector.Research, 0.9f, "Research searches need more care");
        _failingAudit.Armed = true;

        await Assert.ThrowsAsync<IOException>(() => _host.Get<ThresholdProposals>().ConfirmAsync(GovernedThresholds.OtherAdmin, proposed.Value));

        await using var db = await ContextAsync();
        Assert.False(await db.SectorThresholds.AnyAsync(t => t.Sector == Sector.Research && t.Minimum > 0.89f));
        Assert.Equal(ThresholdProposalState.Pending, (await db.ThresholdProposals.SingleAsync(p => p.Id == proposed.Value)).State);
    }

    [Fact]
    public async Task AnAccountWhoseEntryCannotBeWrittenIsNotCreated()
    {
        await Assert.ThrowsAsync<IOException>(() => _host.Get<UserAdministration>().CreateAsync(Admin,
            new NewUser("unaudited@thorn.example", "Unaudited", "a-long-enough-password", [Roles.PlatformAdmin], null)));

        using var scope = _host.Services.CreateScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync("unaudited@thorn.example"));
    }

    [Fact]
    public async Task WithTheAuditWritingAgainTheSameChangeIsKeptWithItsEntry()
    {
        _failingAudit.Armed = false;

        await GovernedThresholds.SetAsync(_host.Services, Sector.Research, 0.9f);

        await using var db = await ContextAsync();
        Assert.True(await db.SectorThresholds.AnyAsync(t => t.Sector == Sector.Research));
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Target == "sector:Research"));
    }

    private Task<PortalDbContext> ContextAsync() => _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }
}
