using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Identity;
using Portal.Domain.Organisations;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Users;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Users;

/// <summary>
/// One person with two admin accounts must not pass as two admins: accounts linked by grants made at once, or with a hand
/// in each other's grant, cannot confirm each other's steps; the operator's grant gives an independent admin; pages know
/// in advance who can confirm.
/// </summary>
public sealed class AdminIndependenceTests : IAsyncLifetime
{
    private const string Reason = "Fewer false leads for child-protection searches";
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

    private ThresholdProposals Proposals => _host.Get<ThresholdProposals>();
    private AdminGrants Grants => _host.Get<AdminGrants>();

    [Fact]
    public async Task ALoneAdminsAtOnceGranteeAndTheAdminCannotConfirmEachOthersChangesEitherWay()
    {
        var (second, effect) = await AdminAccounts.AskAsync(_host.Services, _first, "second@reunite.example");
        _clock.Advance(TimeSpan.FromHours(1));
        var bySecond = await Proposals.ProposeAsync(second, Sector.Research, 0.6f, Reason);
        var byFirst = await Proposals.ProposeAsync(_first, Sector.LawEnforcement, 0.7f, Reason);

        var firstConfirms = await Proposals.ConfirmAsync(_first, bySecond.Value);
        var secondConfirms = await Proposals.ConfirmAsync(second, byFirst.Value);

        Assert.Equal(AdminGrantEffect.AtOnce, effect);
        Assert.All([firstConfirms, secondConfirms], o =>
        {
            Assert.Equal(OutcomeKind.Forbidden, o.Kind);
            Assert.Contains("cannot count you as two people", o.Error);
        });
        var overview = (await _host.Get<ThresholdHistory>().OverviewAsync(_first)).Value!;
        var pending = Assert.Single(overview.Pending, p => p.Id == bySecond.Value);
        Assert.Contains("cannot count you as two people", pending.ViewerCannotConfirm);
        Assert.True(pending.NobodyCanConfirm);
        await using var db = await DbAsync();
        Assert.False(await db.SectorThresholds.AnyAsync());
    }

    [Fact]
    public async Task AnAdminWhoRemovesTheOthersToBeAloneAgainGetsOnlyLinkedAccountsAndCannotGrowThem()
    {
        await GovernedThresholds.EnsureAdminsAsync(_host.Services);
        var organisation = await AnOrganisationAsync();
        foreach (var other in new[] { GovernedThresholds.Proposer, GovernedThresholds.OtherAdmin })
        {
            var removed = await _host.Get<UserAdministration>().UpdateMembershipAsync(_first, other.UserId, [Roles.Reviewer], organisation);
            Assert.True(removed.Succeeded, removed.Error);
        }
        var (puppet, effect) = await AdminAccounts.AskAsync(_host.Services, _first, "puppet@reunite.example");
        _clock.Advance(TimeSpan.FromHours(1));
        var (third, thirdEffect) = await AdminAccounts.AskAsync(_host.Services, puppet, "third@reunite.example");
        var grant = await AdminAccounts.PendingGrantAsync(_host.Services, _first, third);

        var confirmed = await Grants.ConfirmAsync(_first, grant);

        Assert.Equal((AdminGrantEffect.AtOnce, AdminGrantEffect.Waiting), (effect, thirdEffect));
        Assert.Equal(OutcomeKind.Forbidden, confirmed.Kind);
        Assert.Contains("cannot count you as two people", confirmed.Error);
        var listed = Assert.Single((await Grants.PendingAsync(_first)).Value!);
        Assert.True(listed.NobodyCanConfirm);
        Assert.Contains("cannot count you as two people", listed.ViewerCannotConfirm);
        Assert.False(await HoldsRoleAsync(third.UserId));
    }

    [Fact]
    public async Task AnAdminWhoAskedForTheProposersRoleCannotConfirmTheProposersChangeNorCanItsConfirmer()
    {
        await GovernedThresholds.EnsureAdminsAsync(_host.Services);
        var (asked, _) = await AdminAccounts.AskAsync(_host.Services, _first, "asked@reunite.example");
        var grant = await AdminAccounts.PendingGrantAsync(_host.Services, _first, asked);
        Assert.True((await Grants.ConfirmAsync(GovernedThresholds.OtherAdmin, grant)).Succeeded);
        _clock.Advance(TimeSpan.FromHours(1));
        var proposed = await Proposals.ProposeAsync(asked, Sector.Research, 0.6f, Reason);

        var byAsker = await Proposals.ConfirmAsync(_first, proposed.Value);
        var byConfirmer = await Proposals.ConfirmAsync(GovernedThresholds.OtherAdmin, proposed.Value);
        var overview = (await _host.Get<ThresholdHistory>().OverviewAsync(_first)).Value!;
        var byStranger = await Proposals.ConfirmAsync(GovernedThresholds.Proposer, proposed.Value);

        Assert.All([byAsker, byConfirmer], o => Assert.Equal(
            (OutcomeKind.Forbidden, "You had a hand in making the admin who asked for this change a platform admin, so you cannot confirm it: another platform admin confirms it."),
            (o.Kind, o.Error)));
        var seen = Assert.Single(overview.Pending);
        Assert.StartsWith("You had a hand", seen.ViewerCannotConfirm);
        Assert.False(seen.NobodyCanConfirm);
        Assert.True(byStranger.Succeeded, byStranger.Error);
    }

    [Fact]
    public async Task TheOperatorsGrantMakesAnIndependentAdminWhoCanConfirmTheLoneAdminsChange()
    {
        var granted = await _host.Get<OperatorAdminGrants>().GrantAsync("operator-made@reunite.example");
        var again = await _host.Get<OperatorAdminGrants>().GrantAsync("operator-made@reunite.example");
        var independent = await ReviewScenario.ActorAsync(_host.Services, "operator-made@reunite.example");
        _clock.Advance(TimeSpan.FromHours(1));
        var proposed = await Proposals.ProposeAsync(_first, Sector.Research, 0.6f, Reason);

        var confirmed = await Proposals.ConfirmAsync(independent, proposed.Value);

        Assert.True(granted.Succeeded, granted.Error);
        Assert.True(granted.Value!.Created);
        Assert.Equal(20, granted.Value.Password!.Length);
        Assert.Equal(OutcomeKind.Conflict, again.Kind);
        Assert.True(independent.IsPlatformAdmin);
        Assert.True(confirmed.Succeeded, confirmed.Error);
        await using var db = await DbAsync();
        var row = await db.AdminGrants.SingleAsync(g => g.UserId == independent.UserId);
        Assert.Equal((AdminGrant.ByOperator, AdminGrantState.Granted), (row.RequestedBy, row.State));
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.AdminGrantedByOperator && e.Target == $"user:{independent.UserId}"));
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.AdminGrantRefused && e.Target == $"user:{independent.UserId}"));
    }

    [Fact]
    public async Task AGrantLeftWaitingAWeekExpiresAndAskingAgainClosesItForGood()
    {
        await GovernedThresholds.EnsureAdminsAsync(_host.Services);
        var (asked, _) = await AdminAccounts.AskAsync(_host.Services, _first, "slow@reunite.example");
        var old = await AdminAccounts.PendingGrantAsync(_host.Services, _first, asked);
        _clock.Advance(AdminGrant.Lifetime);

        var confirmed = await Grants.ConfirmAsync(GovernedThresholds.OtherAdmin, old);
        var listed = (await Grants.PendingAsync(_first)).Value!;
        var askedAgain = await _host.Get<UserAdministration>().UpdateMembershipAsync(_first, asked.UserId, [Roles.PlatformAdmin], null);

        Assert.Equal(OutcomeKind.Conflict, confirmed.Kind);
        Assert.StartsWith("This grant expired", confirmed.Error);
        Assert.Empty(listed);
        Assert.Equal(AdminGrantEffect.Waiting, askedAgain.Value);
        Assert.False(await HoldsRoleAsync(asked.UserId));
        await using var db = await DbAsync();
        Assert.Equal(AdminGrantState.Expired, (await db.AdminGrants.SingleAsync(g => g.Id == old)).State);
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.AdminGrantExpired && e.Target == $"user:{asked.UserId}"));
        Assert.NotEqual(old, await AdminAccounts.PendingGrantAsync(_host.Services, _first, asked));
    }

    [Fact]
    public async Task AGrantWhoseAskerLostTheRoleCannotBeConfirmed()
    {
        await GovernedThresholds.EnsureAdminsAsync(_host.Services);
        var (asked, _) = await AdminAccounts.AskAsync(_host.Services, GovernedThresholds.Proposer, "orphan@reunite.example");
        var grant = await AdminAccounts.PendingGrantAsync(_host.Services, _first, asked);
        await AdminAccounts.RemoveRoleBehindTheSessionAsync(_host.Services, GovernedThresholds.Proposer);

        var confirmed = await Grants.ConfirmAsync(GovernedThresholds.OtherAdmin, grant);

        Assert.Equal((OutcomeKind.Forbidden, "The admin who asked for this grant is no longer a platform admin, so nobody can confirm it now."),
            (confirmed.Kind, confirmed.Error));
        Assert.False(await HoldsRoleAsync(asked.UserId));
    }

    [Fact]
    public async Task StepsAtUnknownIdsAndRemovingOnesOwnRoleAreRefusedAndAudited()
    {
        var unknownGrant = Guid.NewGuid();
        var unknownProposal = Guid.NewGuid();
        var users = _host.Get<UserAdministration>();

        var outcomes = new List<Outcome>
        {
            await Grants.ConfirmAsync(_first, unknownGrant),
            await Grants.CancelAsync(_first, unknownGrant),
            await Proposals.ConfirmAsync(_first, unknownProposal),
            (await users.UpdateMembershipAsync(_first, "no-such-account", [Roles.PlatformAdmin], null)).WithoutValue(),
            (await users.UpdateMembershipAsync(_first, _first.UserId, [Roles.Reviewer], await AnOrganisationAsync())).WithoutValue(),
        };

        Assert.Equal([OutcomeKind.NotFound, OutcomeKind.NotFound, OutcomeKind.NotFound, OutcomeKind.NotFound, OutcomeKind.Forbidden], outcomes.Select(o => o.Kind));
        await using var db = await DbAsync();
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.AdminGrantRefused && e.Target == $"admin-grant:{unknownGrant}"));
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.ThresholdRefused && e.Target == $"threshold-proposal:{unknownProposal}"));
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.UserChangeRefused && e.Target == "user:no-such-account"));
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.AdminGrantRefused && e.Target == $"user:{_first.UserId}"));
        Assert.True(await HoldsRoleAsync(_first.UserId));
    }

    private async Task<Guid> AnOrganisationAsync()
    {
        await using var db = await DbAsync();
        return await db.Organisations.Select(o => o.Id).FirstAsync();
    }

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
