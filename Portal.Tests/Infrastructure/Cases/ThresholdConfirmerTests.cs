using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Domain.Auditing;
using Portal.Domain.Cases;
using Portal.Domain.Common;
using Portal.Domain.Organisations;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Users;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Cases;

/// <summary>
/// The security review's bypasses of "a second platform admin confirms": a confirmer whose role was removed, one made an
/// admin after the proposal, one the proposer made an admin (a sock-puppet), and a proposal left waiting for months.
/// </summary>
public sealed class ThresholdConfirmerTests : IAsyncLifetime
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

    [Fact]
    public async Task AConfirmerWhoseRoleWasRemovedIsRefusedThoughTheirSessionStillSaysAdmin()
    {
        await GovernedThresholds.EnsureAdminsAsync(_host.Services);
        var proposed = await Proposals.ProposeAsync(_first, Sector.Research, 0.6f, Reason);
        await AdminAccounts.RemoveRoleBehindTheSessionAsync(_host.Services, GovernedThresholds.OtherAdmin);

        var confirmed = await Proposals.ConfirmAsync(GovernedThresholds.OtherAdmin, proposed.Value);

        Assert.Equal(OutcomeKind.Forbidden, confirmed.Kind);
        Assert.StartsWith("You are no longer a platform admin", confirmed.Error);
        await AssertStillPendingAndRefusalAuditedAsync(proposed.Value);
    }

    [Fact]
    public async Task AnAccountMadeAdminAfterTheProposalCannotConfirmItButCanConfirmALaterOne()
    {
        await GovernedThresholds.EnsureAdminsAsync(_host.Services);
        var proposed = await Proposals.ProposeAsync(GovernedThresholds.Proposer, Sector.Research, 0.6f, Reason);
        _clock.Advance(TimeSpan.FromHours(1));
        Assert.True((await _host.Get<OperatorAdminGrants>().GrantAsync("newcomer@reunite.example")).Succeeded);
        var newcomer = await ReviewScenario.ActorAsync(_host.Services, "newcomer@reunite.example");

        var refused = await Proposals.ConfirmAsync(newcomer, proposed.Value);
        _clock.Advance(TimeSpan.FromHours(1));
        var later = await Proposals.ProposeAsync(GovernedThresholds.Proposer, Sector.LawEnforcement, 0.7f, Reason);
        var confirmedLater = await Proposals.ConfirmAsync(newcomer, later.Value);

        Assert.Equal(OutcomeKind.Forbidden, refused.Kind);
        Assert.Contains("You became a platform admin after this change was asked for", refused.Error);
        await AssertStillPendingAndRefusalAuditedAsync(proposed.Value);
        Assert.True(confirmedLater.Succeeded, confirmedLater.Error);
    }

    [Fact]
    public async Task AnAdminMadeInThePortalConfirmsNobodysChangeWhoeverAskedAndConfirmedTheirGrant()
    {
        await GovernedThresholds.EnsureAdminsAsync(_host.Services);
        var puppet = await AdminAccounts.ConfirmedAsync(_host.Services, _first, GovernedThresholds.OtherAdmin, "puppet@reunite.example");
        _clock.Advance(TimeSpan.FromHours(1));
        var byAsker = await Proposals.ProposeAsync(_first, Sector.Research, 0.6f, Reason);
        var byConfirmer = await Proposals.ProposeAsync(GovernedThresholds.OtherAdmin, Sector.LawEnforcement, 0.7f, Reason);
        var byStranger = await Proposals.ProposeAsync(GovernedThresholds.Proposer, null, 0.45f, Reason);

        var outcomes = new List<Outcome>();
        foreach (var proposal in new[] { byAsker, byConfirmer, byStranger })
            outcomes.Add(await Proposals.ConfirmAsync(puppet, proposal.Value));

        Assert.All(outcomes, o =>
        {
            Assert.Equal(OutcomeKind.Forbidden, o.Kind);
            Assert.StartsWith("You were made a platform admin in the portal", o.Error);
        });
        await AssertStillPendingAndRefusalAuditedAsync(byAsker.Value);
    }

    [Fact]
    public async Task TheOnlyAdminsAtOnceGranteeCannotConfirmThatAdminsChange()
    {
        var (grantee, effect) = await AdminAccounts.AskAsync(_host.Services, _first, "second@reunite.example");
        _clock.Advance(TimeSpan.FromHours(1));
        var proposed = await Proposals.ProposeAsync(_first, Sector.Research, 0.6f, Reason);

        var confirmed = await Proposals.ConfirmAsync(grantee, proposed.Value);

        Assert.Equal(AdminGrantEffect.AtOnce, effect);
        Assert.Equal(OutcomeKind.Forbidden, confirmed.Kind);
        Assert.StartsWith("You were made a platform admin in the portal", confirmed.Error);
        await AssertStillPendingAndRefusalAuditedAsync(proposed.Value);
    }

    [Fact]
    public async Task AProposalPastItsLifetimeCannotBeConfirmedShowsAsExpiredAndMayBeProposedAgain()
    {
        await GovernedThresholds.EnsureAdminsAsync(_host.Services);
        var old = await Proposals.ProposeAsync(_first, Sector.Research, 0.6f, Reason);
        _clock.Advance(ThresholdProposal.Lifetime);

        var confirmed = await Proposals.ConfirmAsync(GovernedThresholds.OtherAdmin, old.Value);
        var overview = (await _host.Get<ThresholdHistory>().OverviewAsync(_first)).Value!;
        var again = await Proposals.ProposeAsync(_first, Sector.Research, 0.6f, Reason);

        Assert.Equal(OutcomeKind.Conflict, confirmed.Kind);
        Assert.StartsWith("This proposal expired: it was not confirmed within 7 days", confirmed.Error);
        Assert.Empty(overview.Pending);
        Assert.True(Assert.Single(overview.Expired).Expired);
        Assert.True(again.Succeeded, again.Error);
        await using var db = await DbAsync();
        Assert.Equal(ThresholdProposalState.Expired, (await db.ThresholdProposals.SingleAsync(p => p.Id == old.Value)).State);
        Assert.False(await db.SectorThresholds.AnyAsync());
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.ThresholdRefused && e.Target == $"threshold-proposal:{old.Value}"));
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.ThresholdProposalExpired && e.Target == $"threshold-proposal:{old.Value}"));
    }

    [Fact]
    public async Task AProposalJustInsideItsLifetimeIsStillConfirmed()
    {
        await GovernedThresholds.EnsureAdminsAsync(_host.Services);
        var proposed = await Proposals.ProposeAsync(_first, Sector.Research, 0.6f, Reason);
        _clock.Advance(ThresholdProposal.Lifetime - TimeSpan.FromMinutes(1));

        var confirmed = await Proposals.ConfirmAsync(GovernedThresholds.OtherAdmin, proposed.Value);

        Assert.True(confirmed.Succeeded, confirmed.Error);
    }

    private async Task AssertStillPendingAndRefusalAuditedAsync(Guid proposalId)
    {
        await using var db = await DbAsync();
        Assert.Equal(ThresholdProposalState.Pending, (await db.ThresholdProposals.SingleAsync(p => p.Id == proposalId)).State);
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.ThresholdRefused && e.Target == $"threshold-proposal:{proposalId}"));
    }

    private Task<PortalDbContext> DbAsync() => _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }
}
