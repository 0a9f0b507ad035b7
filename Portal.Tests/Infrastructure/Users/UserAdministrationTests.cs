using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Identity;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Users;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Users;

public sealed class UserAdministrationTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private InfrastructureHost _host = default!;
    // The demo platform admin's real account: account changes read the asker's role from the database.
    private Actor Admin { get; set; } = default!;

    public async Task InitializeAsync()
    {
        _host = await InfrastructureHost.StartAsync(_data.Path, seedDemoData: true);
        Admin = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.AdminEmail);
    }

    [Fact]
    public async Task CreatesAUserWithRolesAndOrganisationAndAuditsIt()
    {
        var administration = _host.Get<UserAdministration>();
        var thorn = (await administration.OrganisationsAsync(Admin)).Value!.Single(o => o.Name == "Thorn");

        var outcome = await administration.CreateAsync(Admin,
            new NewUser("new.reviewer@thorn.example", "New Reviewer", "a-long-enough-password", [Roles.Reviewer], thorn.Id));

        Assert.True(outcome.Succeeded, outcome.Error);
        var created = (await administration.ListAsync(Admin)).Value!.Single(u => u.Email == "new.reviewer@thorn.example");
        Assert.Equal([Roles.Reviewer], created.Roles);
        Assert.Equal("Thorn", created.OrganisationName);
        Assert.True(await HasAuditAsync(AuditActions.UserCreated, created.Id));
    }

    [Fact]
    public async Task RefusesAShortPasswordWithIdentitysMessage()
    {
        var outcome = await _host.Get<UserAdministration>().CreateAsync(Admin,
            new NewUser("short@thorn.example", "Short", "too-short", [Roles.PlatformAdmin], null));

        Assert.False(outcome.Succeeded);
        Assert.Contains("at least 12 characters", outcome.Error);
    }

    [Fact]
    public async Task RoleChangeIsAuditedAndEndsOpenSessions()
    {
        var administration = _host.Get<UserAdministration>();
        var staff = (await administration.ListAsync(Admin)).Value!.Single(u => u.Email == TestAccounts.ThornStaff);
        var stampBefore = await StampAsync(staff.Id);

        var outcome = await administration.UpdateMembershipAsync(Admin, staff.Id, [Roles.PartnerStaff, Roles.Reviewer], staff.OrganisationId);

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal([Roles.PartnerStaff, Roles.Reviewer], (await administration.ListAsync(Admin)).Value!.Single(u => u.Id == staff.Id).Roles);
        Assert.NotEqual(stampBefore, await StampAsync(staff.Id));
        Assert.True(await HasAuditAsync(AuditActions.RolesChanged, staff.Id));
    }

    [Fact]
    public async Task RefusesAReviewerWithoutOrganisation()
    {
        var administration = _host.Get<UserAdministration>();
        var reviewer = (await administration.ListAsync(Admin)).Value!.Single(u => u.Email == TestAccounts.ThornReviewer);

        var outcome = await administration.UpdateMembershipAsync(Admin, reviewer.Id, [Roles.Reviewer], null);

        Assert.False(outcome.Succeeded);
        Assert.Equal(reviewer.OrganisationId, (await administration.ListAsync(Admin)).Value!.Single(u => u.Id == reviewer.Id).OrganisationId);
    }

    [Fact]
    public async Task MovingAUserToAnotherOrganisationTakesAwayTheirOrganisationAdminFlag()
    {
        var administration = _host.Get<UserAdministration>();
        var organisations = (await administration.OrganisationsAsync(Admin)).Value!;
        var staff = (await administration.ListAsync(Admin)).Value!.Single(u => u.Email == TestAccounts.ThornStaff);
        var icmec = organisations.Single(o => o.Id != staff.OrganisationId && o.Name.StartsWith("International", StringComparison.Ordinal));
        Assert.True(await IsOrganisationAdminAsync(staff.Id));

        var stayed = await administration.UpdateMembershipAsync(Admin, staff.Id, [Roles.PartnerStaff, Roles.Reviewer], staff.OrganisationId);
        Assert.True(stayed.Succeeded, stayed.Error);
        Assert.True(await IsOrganisationAdminAsync(staff.Id));
        var moved = await administration.UpdateMembershipAsync(Admin, staff.Id, [Roles.PartnerStaff], icmec.Id);

        Assert.True(moved.Succeeded, moved.Error);
        Assert.False(await IsOrganisationAdminAsync(staff.Id));
    }

    private async Task<bool> IsOrganisationAdminAsync(string userId)
    {
        await using var db = await _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.Users.Where(u => u.Id == userId).Select(u => u.IsOrganisationAdmin).SingleAsync();
    }

    private async Task<string?> StampAsync(string userId)
    {
        using var scope = _host.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        return await users.GetSecurityStampAsync((await users.FindByIdAsync(userId))!);
    }

    private async Task<bool> HasAuditAsync(string action, string userId)
    {
        await using var db = await _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var adminKey = await AuditActorKeys.OfAsync(db, TestAccounts.AdminEmail);
        return await db.AuditEntries.AnyAsync(e => e.Action == action && e.Target == $"user:{userId}" && e.Actor == adminKey);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }
}
