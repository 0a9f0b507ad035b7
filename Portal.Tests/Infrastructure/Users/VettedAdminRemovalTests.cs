using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Identity;
using Portal.Domain.Organisations;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Users;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Users;

/// <summary>
/// The third review's hole: an admin made in the portal removed every vetted admin, after which nobody could confirm and
/// their own grants took effect at once. A vetted admin's role is removed only by another vetted admin, never the last
/// one's; a grant takes effect at once only for a vetted asker; an admin without a grant row in force is not vetted.
/// </summary>
public sealed class VettedAdminRemovalTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 6, 1, 9, 0, 0, TimeSpan.Zero));
    private InfrastructureHost _host = default!;
    private Actor _first = default!;

    public async Task InitializeAsync()
    {
        _host = await InfrastructureHost.StartAsync(_data.Path, seedDemoData: true,
            configure: services => services.AddSingleton<TimeProvider>(_clock));
        _first = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.AdminEmail);
    }

    private UserAdministration Users => _host.Get<UserAdministration>();

    [Fact]
    public async Task AnAdminMadeInThePortalCannotRemoveTheLastVettedAdmin()
    {
        var (helper, _) = await AdminAccounts.AskAsync(_host.Services, _first, "helper@reunite.example");

        var removed = await Users.UpdateMembershipAsync(helper, _first.UserId, [Roles.Reviewer], await OrganisationIdAsync());

        Assert.Equal((OutcomeKind.Forbidden, AdminGrantRequests.LastVettedAdmin), (removed.Kind, removed.Error));
        Assert.True(await HoldsRoleAsync(_first.UserId));
        await using var db = await DbAsync();
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.AdminGrantRefused && e.Target == $"user:{_first.UserId}"));
        Assert.Null((await db.AdminGrants.SingleAsync(g => g.UserId == _first.UserId)).RevokedAt);
    }

    [Fact]
    public async Task OnlyAVettedAdminRemovesAVettedAdminsRole()
    {
        var operatorMade = await OperatorAdminAsync("operator-made@reunite.example");
        _clock.Advance(TimeSpan.FromMinutes(5));
        var helper = await AdminAccounts.ConfirmedAsync(_host.Services, _first, operatorMade, "helper@reunite.example");

        var byHelper = await Users.UpdateMembershipAsync(helper, operatorMade.UserId, [Roles.Reviewer], await OrganisationIdAsync());
        var byFirst = await Users.UpdateMembershipAsync(_first, operatorMade.UserId, [Roles.Reviewer], await OrganisationIdAsync());

        Assert.Equal((OutcomeKind.Forbidden, AdminGrantRequests.NotVettedToRemoveVetted), (byHelper.Kind, byHelper.Error));
        Assert.True(byFirst.Succeeded, byFirst.Error);
        Assert.False(await HoldsRoleAsync(operatorMade.UserId));
        await using var db = await DbAsync();
        Assert.Equal(_first.UserId, (await db.AdminGrants.SingleAsync(g => g.UserId == operatorMade.UserId)).RevokedBy);
    }

    [Fact]
    public async Task AGrantAskedForByAnAdminMadeInThePortalWaitsEvenWhenNoVettedAdminIsLeft()
    {
        var (helper, _) = await AdminAccounts.AskAsync(_host.Services, _first, "helper@reunite.example");
        // However the vetted admins went (before this fix, the helper could remove them), nobody may now confirm.
        await AdminAccounts.RemoveRoleBehindTheSessionAsync(_host.Services, _first);

        var (asked, effect) = await AdminAccounts.AskAsync(_host.Services, helper, "asked-by-helper@reunite.example");

        Assert.Equal(AdminGrantEffect.Waiting, effect);
        Assert.False(await HoldsRoleAsync(asked.UserId));
        var pending = Assert.Single((await _host.Get<AdminGrants>().PendingAsync(helper)).Value!);
        Assert.True(pending.NobodyCanConfirm);
    }

    [Fact]
    public async Task AnAdminWithoutAGrantRowInForceIsNotVetted()
    {
        // The role given behind the portal's back: no row says who made this account.
        using (var scope = _host.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = new ApplicationUser { UserName = "rowless@reunite.example", Email = "rowless@reunite.example", EmailConfirmed = true };
            Assert.True((await users.CreateAsync(user, TestAccounts.DemoPassword)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, Roles.PlatformAdmin)).Succeeded);
        }
        var rowless = await ReviewScenario.ActorAsync(_host.Services, "rowless@reunite.example");
        _clock.Advance(TimeSpan.FromHours(1));
        var proposals = _host.Get<ThresholdProposals>();
        var proposed = await proposals.ProposeAsync(_first, Sector.Research, 0.6f, "Fewer false leads for research searches");
        var byRowless = await proposals.ProposeAsync(rowless, Sector.LawEnforcement, 0.7f, "Fewer false leads for police searches");

        var confirmed = await proposals.ConfirmAsync(rowless, proposed.Value);

        Assert.Equal(OutcomeKind.Forbidden, confirmed.Kind);
        Assert.StartsWith("You were made a platform admin in the portal", confirmed.Error);
        Assert.Equal((OutcomeKind.Forbidden, SecondAdminRule.NotVettedToPropose), (byRowless.Kind, byRowless.Error));
    }

    private async Task<Actor> OperatorAdminAsync(string email)
    {
        var granted = await _host.Get<OperatorAdminGrants>().GrantAsync(email);
        Assert.True(granted.Succeeded, granted.Error);
        return await ReviewScenario.ActorAsync(_host.Services, email);
    }

    private async Task<Guid> OrganisationIdAsync() => (await ReviewScenario.ActorAsync(_host.Services, TestAccounts.ThornStaff)).OrganisationId!.Value;

    private async Task<bool> HoldsRoleAsync(string userId)
    {
        await using var db = await DbAsync();
        return await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id
                      where ur.UserId == userId && r.Name == Roles.PlatformAdmin select ur).AnyAsync();
    }

    private Task<PortalDbContext> DbAsync() => _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }
}
