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

/// <summary>
/// Granting the platform admin role takes two admins once two exist; at once only for a lone admin, recorded as such.
/// Removing it is immediate, but never leaves the portal without an admin.
/// </summary>
public sealed class AdminGrantTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private InfrastructureHost _host = default!;
    private Actor _first = default!;

    public async Task InitializeAsync()
    {
        _host = await InfrastructureHost.StartAsync(_data.Path, seedDemoData: true);
        _first = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.AdminEmail);
    }

    private AdminGrants Grants => _host.Get<AdminGrants>();

    [Fact]
    public async Task WithTwoAdminsTheRoleWaitsForADifferentAdminWhoConfirmsIt()
    {
        await GovernedThresholds.EnsureAdminsAsync(_host.Services);
        var (account, effect) = await AdminAccounts.AskAsync(_host.Services, _first, "asked@reunite.example");
        var grant = await AdminAccounts.PendingGrantAsync(_host.Services, _first, account);
        var stampBefore = await StampAsync(account.UserId);

        Assert.Equal(AdminGrantEffect.Waiting, effect);
        Assert.False(await HoldsRoleAsync(account.UserId));
        var byAsker = await Grants.ConfirmAsync(_first, grant);
        Assert.Equal((OutcomeKind.Forbidden, "You asked for this grant, so another platform admin confirms it."), (byAsker.Kind, byAsker.Error));
        Assert.False(await HoldsRoleAsync(account.UserId));

        var confirmed = await Grants.ConfirmAsync(GovernedThresholds.OtherAdmin, grant);

        Assert.True(confirmed.Succeeded, confirmed.Error);
        Assert.True(await HoldsRoleAsync(account.UserId));
        Assert.NotEqual(stampBefore, await StampAsync(account.UserId));
        Assert.Empty((await Grants.PendingAsync(_first)).Value!);
        await using var db = await DbAsync();
        var row = await db.AdminGrants.SingleAsync(g => g.Id == grant);
        Assert.Equal((AdminGrantState.Granted, _first.UserId, GovernedThresholds.OtherAdmin.UserId), (row.State, row.RequestedBy, row.ConfirmedBy));
        Assert.Equal(1, await CountAsync(db, AuditActions.AdminGrantRequested, $"user:{account.UserId}"));
        Assert.Equal(1, await CountAsync(db, AuditActions.AdminGrantRefused, $"admin-grant:{grant}"));
        Assert.Equal(1, await CountAsync(db, AuditActions.AdminGrantConfirmed, $"user:{account.UserId}"));
        Assert.DoesNotContain(await db.AuditEntries.Select(e => e.Details).ToListAsync(), d => d.Contains("asked@reunite.example"));
    }

    [Fact]
    public async Task ChangingAnAccountsRolesToAdminAlsoWaitsAndACancelledGrantNeverGivesTheRole()
    {
        await GovernedThresholds.EnsureAdminsAsync(_host.Services);
        var staff = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.ThornStaff);

        var changed = await _host.Get<UserAdministration>().UpdateMembershipAsync(_first, staff.UserId,
            [Roles.PlatformAdmin, Roles.PartnerStaff, Roles.Reviewer], staff.OrganisationId);
        var grant = await AdminAccounts.PendingGrantAsync(_host.Services, _first, staff);
        var cancelled = await Grants.CancelAsync(GovernedThresholds.OtherAdmin, grant);
        var confirmedAfter = await Grants.ConfirmAsync(GovernedThresholds.Proposer, grant);

        Assert.Equal(AdminGrantEffect.Waiting, changed.Value);
        Assert.True(cancelled.Succeeded, cancelled.Error);
        Assert.Equal(OutcomeKind.Conflict, confirmedAfter.Kind);
        Assert.False(await HoldsRoleAsync(staff.UserId));
        Assert.True(await HoldsRoleAsync(staff.UserId, Roles.Reviewer));
        await using var db = await DbAsync();
        Assert.Equal(1, await CountAsync(db, AuditActions.AdminGrantCancelled, $"user:{staff.UserId}"));
    }

    [Fact]
    public async Task AnAdminTheAskerMadeCannotConfirmTheAskersNextGrant()
    {
        await GovernedThresholds.EnsureAdminsAsync(_host.Services);
        var (first, _) = await AdminAccounts.AskAsync(_host.Services, _first, "puppet1@reunite.example");
        Assert.True((await Grants.ConfirmAsync(GovernedThresholds.OtherAdmin, await AdminAccounts.PendingGrantAsync(_host.Services, _first, first))).Succeeded);
        var (second, _) = await AdminAccounts.AskAsync(_host.Services, _first, "puppet2@reunite.example");

        var byPuppet = await Grants.ConfirmAsync(first, await AdminAccounts.PendingGrantAsync(_host.Services, _first, second));

        Assert.Equal(OutcomeKind.Forbidden, byPuppet.Kind);
        Assert.StartsWith("You were made a platform admin in the portal", byPuppet.Error);
        Assert.False(await HoldsRoleAsync(second.UserId));
    }

    [Fact]
    public async Task TheOnlyAdminGrantsAtOnceAndTheGrantIsRecordedAndAuditedAsSuch()
    {
        var (account, effect) = await AdminAccounts.AskAsync(_host.Services, _first, "second@reunite.example");

        Assert.Equal(AdminGrantEffect.AtOnce, effect);
        Assert.True(await HoldsRoleAsync(account.UserId));
        await using var db = await DbAsync();
        var row = await db.AdminGrants.SingleAsync(g => g.UserId == account.UserId);
        Assert.Equal((AdminGrantState.Granted, _first.UserId, null), (row.State, row.RequestedBy, row.ConfirmedBy));
        Assert.Equal(1, await CountAsync(db, AuditActions.AdminGrantedAtOnce, $"user:{account.UserId}"));
    }

    [Fact]
    public async Task RemovingTheRoleIsImmediateButTheLastAdminIsKeptEvenAgainstAStaleSession()
    {
        await GovernedThresholds.EnsureAdminsAsync(_host.Services);
        var administration = _host.Get<UserAdministration>();
        foreach (var other in new[] { GovernedThresholds.Proposer, GovernedThresholds.OtherAdmin })
        {
            var removed = await administration.UpdateMembershipAsync(_first, other.UserId, [Roles.Reviewer], (await OrganisationIdAsync()));
            Assert.True(removed.Succeeded, removed.Error);
            Assert.False(await HoldsRoleAsync(other.UserId));
        }

        // OtherAdmin's page was opened while they were an admin: the session still says so, the database does not.
        var lastRemoved = await administration.UpdateMembershipAsync(GovernedThresholds.OtherAdmin, _first.UserId, [Roles.Reviewer], await OrganisationIdAsync());

        Assert.Equal(OutcomeKind.Forbidden, lastRemoved.Kind);
        Assert.Equal(SecondAdminRule.NoLongerAdmin, lastRemoved.Error);
        Assert.True(await HoldsRoleAsync(_first.UserId));
        await using var db = await DbAsync();
        Assert.Equal(1, await CountAsync(db, AuditActions.UserChangeRefused, $"user:{_first.UserId}"));
    }

    [Fact]
    public async Task AnAdminWhoseRoleWasRemovedCannotGoOnCreatingAccountsFromTheirOldSession()
    {
        await GovernedThresholds.EnsureAdminsAsync(_host.Services);
        var administration = _host.Get<UserAdministration>();
        var removed = await administration.UpdateMembershipAsync(_first, GovernedThresholds.OtherAdmin.UserId, [Roles.Reviewer], await OrganisationIdAsync());
        Assert.True(removed.Succeeded, removed.Error);

        var created = await administration.CreateAsync(GovernedThresholds.OtherAdmin,
            new NewUser("late@reunite.example", "Late Account", "A-long-enough-passw0rd!", [Roles.Reviewer], await OrganisationIdAsync()));

        Assert.Equal(OutcomeKind.Forbidden, created.Kind);
        await using var db = await DbAsync();
        Assert.False(await db.Users.AnyAsync(u => u.Email == "late@reunite.example"));
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.UserChangeRefused));
    }

    private async Task<Guid> OrganisationIdAsync() => (await ReviewScenario.ActorAsync(_host.Services, TestAccounts.ThornStaff)).OrganisationId!.Value;

    private static Task<int> CountAsync(PortalDbContext db, string action, string target) =>
        db.AuditEntries.CountAsync(e => e.Action == action && e.Target == target);

    private async Task<bool> HoldsRoleAsync(string userId, string role = Roles.PlatformAdmin)
    {
        using var scope = _host.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        return await users.IsInRoleAsync((await users.FindByIdAsync(userId))!, role);
    }

    private async Task<string?> StampAsync(string userId)
    {
        using var scope = _host.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        return await users.GetSecurityStampAsync((await users.FindByIdAsync(userId))!);
    }

    private Task<PortalDbContext> DbAsync() => _host.Get<Microsoft.EntityFrameworkCore.IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }
}
