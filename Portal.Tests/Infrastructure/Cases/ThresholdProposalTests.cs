using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Cases;
using Portal.Domain.Common;
using Portal.Domain.Organisations;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Cases;

/// <summary>Governed thresholds on a real database: two admins for every change, refusals audited, a public history without names.</summary>
public sealed class ThresholdProposalTests : IAsyncLifetime
{
    private const string Reason = "Fewer false leads for child-protection searches";
    private readonly TempDirectory _data = new();
    private InfrastructureHost _host = default!;
    private readonly Actor _second = GovernedThresholds.OtherAdmin;
    private Actor _first = default!, _staff = default!;
    private Guid _thorn;

    public async Task InitializeAsync()
    {
        // A configured default other than the built-in 0.40: it is the value in force until two admins change it.
        _host = await InfrastructureHost.StartAsync(_data.Path, seedDemoData: true,
            settings: new Dictionary<string, string?> { ["Portal:Face:DefaultThreshold"] = "0.42" });
        _first = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.AdminEmail);
        _staff = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.ThornStaff);
        _thorn = _staff.OrganisationId!.Value;
        await GovernedThresholds.EnsureAdminsAsync(_host.Services);
    }

    private ThresholdProposals Proposals => _host.Get<ThresholdProposals>();
    private ThresholdService Thresholds => _host.Get<ThresholdService>();

    [Fact]
    public async Task AProposalConfirmedByAnotherAdminChangesTheEffectiveThresholdOfASearch()
    {
        Assert.Equal(0.42f, await Thresholds.EffectiveForAsync(_thorn));
        var proposed = await Proposals.ProposeAsync(_first, null, 0.45f, Reason);
        Assert.True(proposed.Succeeded, proposed.Error);
        Assert.Equal(0.42f, await Thresholds.EffectiveForAsync(_thorn));

        var confirmed = await Proposals.ConfirmAsync(_second, proposed.Value);

        Assert.True(confirmed.Succeeded, confirmed.Error);
        Assert.Equal(0.45f, await Thresholds.EffectiveForAsync(_thorn));
        Assert.Equal(0.45f, await Thresholds.DefaultAsync());
        await GovernedThresholds.SetAsync(_host.Services, Sector.ChildProtectionNonprofit, 0.5f);
        Assert.Equal(0.5f, await Thresholds.EffectiveForAsync(_thorn));
        await using var db = await DbAsync();
        var changes = await db.AuditEntries.Where(e => e.Action == AuditActions.ThresholdChanged).OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal(["default", "sector:ChildProtectionNonprofit"], changes.Select(e => e.Target));
        Assert.StartsWith("default 0.420 -> 0.450", changes[0].Details);
        Assert.StartsWith("minimum 0.450 -> 0.500", changes[1].Details);
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.ThresholdProposalConfirmed && e.Target == $"threshold-proposal:{proposed.Value}"));
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.ThresholdProposed));
    }

    [Fact]
    public async Task TheProposerCannotConfirmTheirOwnProposalAndTheRefusalIsAudited()
    {
        var proposed = await Proposals.ProposeAsync(_first, Sector.Research, 0.6f, Reason);

        var byProposer = await Proposals.ConfirmAsync(_first, proposed.Value);

        Assert.Equal(OutcomeKind.Forbidden, byProposer.Kind);
        Assert.Equal("You proposed this change, so another platform admin confirms it.", byProposer.Error);
        await using var db = await DbAsync();
        Assert.Equal(ThresholdProposalState.Pending, (await db.ThresholdProposals.SingleAsync()).State);
        Assert.False(await db.SectorThresholds.AnyAsync());
        var key = await AuditActorKeys.OfAsync(db, _first.Name);
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.ThresholdRefused && e.Actor == key
            && e.Target == $"threshold-proposal:{proposed.Value}"));
    }

    [Fact]
    public async Task AProposalWhoseBeforeValueChangedMeanwhileIsRefusedWithTheNewValue()
    {
        var sector = await Proposals.ProposeAsync(_first, Sector.ChildProtectionNonprofit, 0.5f, Reason);
        await GovernedThresholds.SetAsync(_host.Services, null, 0.45f);

        var stale = await Proposals.ConfirmAsync(_second, sector.Value);

        Assert.Equal(OutcomeKind.Conflict, stale.Kind);
        Assert.Contains("changed from 0.42 to 0.45 after this was proposed", stale.Error);
        Assert.Equal(0.45f, await Thresholds.EffectiveForAsync(_thorn));
        await using var db = await DbAsync();
        Assert.False(await db.SectorThresholds.AnyAsync());
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.ThresholdRefused && e.Target == $"threshold-proposal:{sector.Value}"));
    }

    [Fact]
    public async Task APartnerIsRefusedEveryStepAndEachRefusalIsAudited()
    {
        var pending = await Proposals.ProposeAsync(_first, null, 0.5f, Reason);

        var outcomes = new[]
        {
            (await Proposals.ProposeAsync(_staff, Sector.Research, 0.5f, Reason)).WithoutValue(),
            await Proposals.ConfirmAsync(_staff, pending.Value),
            await Proposals.RejectAsync(_staff, pending.Value, Reason),
            await Proposals.WithdrawAsync(_staff, pending.Value),
            (await _host.Get<ThresholdHistory>().OverviewAsync(_staff)).WithoutValue(),
        };

        Assert.All(outcomes, o => Assert.Equal(OutcomeKind.Forbidden, o.Kind));
        Assert.Equal(0.42f, await Thresholds.DefaultAsync());
        await using var db = await DbAsync();
        Assert.Equal(ThresholdProposalState.Pending, (await db.ThresholdProposals.SingleAsync()).State);
        var key = await AuditActorKeys.OfAsync(db, _staff.Name);
        Assert.Equal(4, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.ThresholdRefused && e.Actor == key));
    }

    [Theory]
    [InlineData(null, "Give a reason: it is published with the change.")]
    [InlineData("  too short ", "Give a reason of at least 10 characters.")]
    [InlineData("x", "Give a reason of at least 10 characters.")]
    public async Task AReasonIsRequiredAndAudited(string? reason, string message)
    {
        var outcome = await Proposals.ProposeAsync(_first, null, 0.5f, reason);
        var tooLong = await Proposals.ProposeAsync(_first, null, 0.5f, new string('r', ThresholdProposal.MaxReasonLength + 1));

        Assert.Equal((OutcomeKind.Invalid, message), (outcome.Kind, outcome.Error));
        Assert.Equal("Keep the reason to at most 1000 characters.", tooLong.Error);
        await using var db = await DbAsync();
        Assert.False(await db.ThresholdProposals.AnyAsync());
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.ThresholdRefused));
    }

    [Fact]
    public async Task ValuesOutsideTheirRangeAndASecondPendingProposalForOneTargetAreRefused()
    {
        var lowDefault = await Proposals.ProposeAsync(_first, null, 0.19f, Reason);
        var belowDefault = await Proposals.ProposeAsync(_first, Sector.Research, 0.41f, Reason);
        var first = await Proposals.ProposeAsync(_first, Sector.Research, 0.6f, Reason);
        var second = await Proposals.ProposeAsync(_second, Sector.Research, 0.7f, Reason);

        Assert.Equal("The default lies between 0.20 and 0.95.", lowDefault.Error);
        Assert.Equal("A sector minimum lies between the default 0.42 and 0.95.", belowDefault.Error);
        Assert.True(first.Succeeded, first.Error);
        Assert.Equal(OutcomeKind.Conflict, second.Kind);
        await using var db = await DbAsync();
        Assert.Equal(1, await db.ThresholdProposals.CountAsync());
    }

    [Fact]
    public async Task TheHistoryListsOnlyConfirmedChangesWithTheirReasonAndNoNames()
    {
        var rejected = await Proposals.ProposeAsync(_first, Sector.Research, 0.6f, Reason);
        Assert.True((await Proposals.RejectAsync(_second, rejected.Value, "Not backed by the evaluation")).Succeeded);
        var withdrawn = await Proposals.ProposeAsync(_first, Sector.Research, 0.7f, Reason);
        Assert.True((await Proposals.WithdrawAsync(_first, withdrawn.Value)).Succeeded);
        await GovernedThresholds.SetAsync(_host.Services, null, 0.45f);

        var history = await _host.Get<ThresholdHistory>().ConfirmedAsync();

        var change = Assert.Single(history);
        Assert.Equal(("default", null, 0.42f, 0.45f, "Set by a test, through both admins"), (change.Target, change.Sector, change.Before, change.After, change.Reason));
        var published = JsonSerializer.Serialize(history);
        foreach (var admin in new[] { _first, _second })
        {
            Assert.DoesNotContain(admin.UserId, published);
            Assert.DoesNotContain(admin.Name, published);
        }
    }

    private Task<PortalDbContext> DbAsync() => _host.Get<Microsoft.EntityFrameworkCore.IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }
}
