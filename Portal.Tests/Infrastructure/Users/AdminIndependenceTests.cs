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

    private const string MadeInThePortal = "You were made a platform admin in the portal, so you cannot be the second admin";

    [Fact]
    public async Task ALoneAdminsGranteeNeitherProposesNorConfirmsAndThePageSaysNobodyElseCan()
    {
        var (helper, effect) = await AdminAccounts.AskAsync(_host.Services, _first, "second@reunite.example");
        _clock.Advance(TimeSpan.FromHours(1));
        var byHelper = await Proposals.ProposeAsync(helper, Sector.Research, 0.6f, Reason);
        var byFirst = await Proposals.ProposeAsync(_first, Sector.LawEnforcement, 0.7f, Reason);

        var helperConfirms = await Proposals.ConfirmAsync(helper, byFirst.Value);

        Assert.Equal(AdminGrantEffect.AtOnce, effect);
        Assert.Equal((OutcomeKind.Forbidden, SecondAdminRule.NotVettedToPropose), (byHelper.Kind, byHelper.Error));
        Assert.Equal(OutcomeKind.Forbidden, helperConfirms.Kind);
        Assert.StartsWith(MadeInThePortal, helperConfirms.Error);
        var seen = Assert.Single((await _host.Get<ThresholdHistory>().OverviewAsync(helper)).Value!.Pending);
        Assert.StartsWith(MadeInThePortal, seen.ViewerCannotConfirm);
        Assert.True(seen.NobodyCanConfirm);
        await using var db = await DbAsync();
        Assert.False(await db.SectorThresholds.AnyAsync());
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.ThresholdRefused && e.Target == "threshold-proposal:new"));
    }

    [Fact]
    public async Task AnAccountAnotherAdminMadeAndAnHonestAdminAskedForCannotBeTheMakersSecondVote()
    {
        // The security review's case: the account existed before the grant, so whoever made it may hold its password.
        await GovernedThresholds.EnsureAdminsAsync(_host.Services);
        var carol = await ReviewScenario.ActorAsync(_host.Services, "reviewer@thorn.example");
        var asked = await _host.Get<UserAdministration>().UpdateMembershipAsync(GovernedThresholds.OtherAdmin, carol.UserId,
            [Roles.Reviewer, Roles.PlatformAdmin], carol.OrganisationId);
        var grant = await AdminAccounts.PendingGrantAsync(_host.Services, GovernedThresholds.Proposer, carol);
        Assert.True((await Grants.ConfirmAsync(GovernedThresholds.Proposer, grant)).Succeeded);
        _clock.Advance(TimeSpan.FromHours(1));
        var proposed = await Proposals.ProposeAsync(GovernedThresholds.Proposer, Sector.Research, 0.6f, Reason);

        var confirmed = await Proposals.ConfirmAsync(carol with { IsPlatformAdmin = true }, proposed.Value);

        Assert.Equal(AdminGrantEffect.Waiting, asked.Value);
        Assert.Equal(OutcomeKind.Forbidden, confirmed.Kind);
        Assert.StartsWith(MadeInThePortal, confirmed.Error);
        Assert.True((await Proposals.ConfirmAsync(GovernedThresholds.OtherAdmin, proposed.Value)).Succeeded);
    }

    [Fact]
    public async Task AGrantWaitsForAVettedAdminAndOneMadeInThePortalCannotConfirmIt()
    {
        var (helper, atOnce) = await AdminAccounts.AskAsync(_host.Services, _first, "helper@reunite.example");
        var (_, secondAtOnce) = await AdminAccounts.AskAsync(_host.Services, _first, "another-helper@reunite.example");
        var (asked, waiting) = await AdminAccounts.AskAsync(_host.Services, helper, "asked-by-helper@reunite.example");
        var grant = await AdminAccounts.PendingGrantAsync(_host.Services, _first, asked);

        var byOtherHelper = await Grants.ConfirmAsync(await ReviewScenario.ActorAsync(_host.Services, "another-helper@reunite.example"), grant);
        var byFirst = await Grants.ConfirmAsync(_first, grant);

        // No vetted admin but the asker existed for the first two, so they took effect at once; the helper's request waits.
        Assert.Equal((AdminGrantEffect.AtOnce, AdminGrantEffect.AtOnce, AdminGrantEffect.Waiting), (atOnce, secondAtOnce, waiting));
        Assert.StartsWith(MadeInThePortal, byOtherHelper.Error);
        Assert.True(byFirst.Succeeded, byFirst.Error);
    }

    [Fact]
    public async Task TheOperatorsGrantMakesAnIndependentAdminWhoCanConfirmTheLoneAdminsChange()
    {
        var (helper, _) = await AdminAccounts.AskAsync(_host.Services, _first, "helper@reunite.example");
        var granted = await _host.Get<OperatorAdminGrants>().GrantAsync("operator-made@reunite.example");
        var again = await _host.Get<OperatorAdminGrants>().GrantAsync("operator-made@reunite.example");
        var independent = await ReviewScenario.ActorAsync(_host.Services, "operator-made@reunite.example");
        _clock.Advance(TimeSpan.FromHours(1));
        var proposed = await Proposals.ProposeAsync(_first, Sector.Research, 0.6f, Reason);

        var confirmed = await Proposals.ConfirmAsync(independent, proposed.Value);
        var byHelper = await Proposals.ConfirmAsync(helper, proposed.Value);

        Assert.StartsWith("This proposal has already been decided", byHelper.Error);
        Assert.True(granted.Succeeded, granted.Error);
        Assert.Equal(20, granted.Value!.Password.Length);
        Assert.Equal(OutcomeKind.Conflict, again.Kind);
        Assert.StartsWith("An account with operator-made@reunite.example exists already", again.Error);
        Assert.True(independent.IsPlatformAdmin);
        Assert.True(confirmed.Succeeded, confirmed.Error);
        await using var db = await DbAsync();
        var row = await db.AdminGrants.SingleAsync(g => g.UserId == independent.UserId);
        Assert.Equal((AdminGrant.ByOperator, AdminGrantState.Granted), (row.RequestedBy, row.State));
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.AdminGrantedByOperator && e.Target == $"user:{independent.UserId}"));
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.AdminGrantRefused && e.Target == $"user:{independent.UserId}"));
        Assert.DoesNotContain(await db.AuditEntries.Select(e => e.Details).ToListAsync(), d => d.Contains("operator-made@"));
    }

    [Fact]
    public async Task TheOperatorNeverPromotesAnExistingAccountWhoseMakerMayKnowItsPassword()
    {
        var (_, _) = await AdminAccounts.AskAsync(_host.Services, _first, "made-by-first@reunite.example");
        var existingReviewer = "reviewer@thorn.example";

        var promoted = await _host.Get<OperatorAdminGrants>().GrantAsync("made-by-first@reunite.example");
        var reviewer = await _host.Get<OperatorAdminGrants>().GrantAsync(existingReviewer);

        Assert.Equal((OutcomeKind.Conflict, OutcomeKind.Conflict), (promoted.Kind, reviewer.Kind));
        Assert.False(await HoldsRoleAsync((await ReviewScenario.ActorAsync(_host.Services, existingReviewer)).UserId));
        await using var db = await DbAsync();
        Assert.False(await db.AdminGrants.AnyAsync(g => g.RequestedBy == AdminGrant.ByOperator));
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

    [Fact]
    public async Task AnOrganisationsAdminCannotRemoveAMemberWhoIsAlsoAPlatformAdmin()
    {
        var reviewer = await ReviewScenario.ActorAsync(_host.Services, "reviewer@thorn.example");
        var made = await _host.Get<UserAdministration>().UpdateMembershipAsync(_first, reviewer.UserId, [Roles.Reviewer, Roles.PlatformAdmin], reviewer.OrganisationId);
        var thornLead = await ReviewScenario.ActorAsync(_host.Services, "staff@thorn.example");

        var removed = await _host.Get<Portal.Infrastructure.Organisations.OrganisationMembers>().RemoveMemberAsync(thornLead, reviewer.UserId);

        Assert.Equal(AdminGrantEffect.AtOnce, made.Value);
        Assert.Equal(OutcomeKind.Forbidden, removed.Kind);
        Assert.Contains("only a platform admin can change their account", removed.Error);
        Assert.True(await HoldsRoleAsync(reviewer.UserId));
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
