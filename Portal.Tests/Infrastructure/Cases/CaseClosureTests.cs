using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Domain.Auditing;
using Portal.Domain.Cases;
using Portal.Domain.Common;
using Portal.Domain.Retention;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Cases;

/// <summary>Closing a case: who may, the closing rule, the audit, and the due date of its probe data from each level of the schedule.</summary>
public sealed class CaseClosureTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _clock = new(T0);
    private InfrastructureHost _host = default!;
    private Actor _staff = default!;
    private ReviewScenario.SeededCase _case = default!;

    public async Task InitializeAsync()
    {
        _host = await InfrastructureHost.StartAsync(_data.Path, seedDemoData: true, configure: s => s.AddSingleton<TimeProvider>(_clock));
        _staff = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.ThornStaff);
        _case = await ReviewScenario.SearchedCaseAsync(_host.Services, _staff, "TH-CLOSE", candidates: 1, foundAt: T0.AddDays(-10));
    }

    private CaseClosureService Closure => _host.Get<CaseClosureService>();

    [Fact]
    public async Task ClosingACaseRecordsItsOutcomeAuditsIdsAndStartsTheClock()
    {
        _clock.Advance(TimeSpan.FromDays(2));

        var closed = await Closure.CloseAsync(_staff, _case.CaseId, CaseOutcome.Reunited, "Reunited with her mother in Leeds");

        Assert.True(closed.Succeeded, closed.Error);
        Assert.Equal(T0.AddDays(2 + 30), closed.Value!.DueAt);
        await using var db = await Db();
        var searchCase = await db.Cases.SingleAsync(c => c.Id == _case.CaseId);
        Assert.Equal((T0.AddDays(2), CaseOutcome.Reunited, _staff.UserId), (searchCase.ClosedAt, searchCase.Outcome, searchCase.ClosedBy));
        var entry = await db.AuditEntries.SingleAsync(e => e.Action == AuditActions.CaseClosed);
        Assert.Equal($"case:{_case.CaseId}", entry.Target);
        Assert.Contains("Reunited", entry.Details);
        Assert.DoesNotContain("Leeds", entry.Details);
        Assert.DoesNotContain("TH-CLOSE", entry.Details);
        var details = await _host.Get<CaseQueries>().GetAsync(_staff, _case.CaseId);
        Assert.Equal((CaseState.Closed, T0.AddDays(32)), (details.Value!.Lifecycle!.State, details.Value.Lifecycle.Retention.DueAt));
    }

    [Fact]
    public async Task AReviewerOrASuspendedOrganisationsStaffMayNotCloseACaseAndTheRefusalIsAudited()
    {
        var reviewer = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.ThornReviewer);

        var byReviewer = await Closure.CloseAsync(reviewer, _case.CaseId, CaseOutcome.Found, null);
        await using (var db = await Db())
            await db.Organisations.Where(o => o.Id == _staff.OrganisationId).ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, Portal.Domain.Organisations.OrganisationStatus.Suspended));
        var bySuspended = await Closure.CloseAsync(_staff, _case.CaseId, CaseOutcome.Found, null);

        Assert.Equal((OutcomeKind.Forbidden, "Only your organisation's partner staff can delete galleries, photos and cases or close cases."), (byReviewer.Kind, byReviewer.Error));
        Assert.Equal(OutcomeKind.Forbidden, bySuspended.Kind);
        Assert.Contains("suspended", bySuspended.Error);
        await using var check = await Db();
        Assert.Null((await check.Cases.SingleAsync(c => c.Id == _case.CaseId)).ClosedAt);
        Assert.Equal(["close refused: not partner staff", "close refused: organisation suspended"],
            (await check.AuditEntries.Where(e => e.Action == AuditActions.CaseRefused && e.Target == $"case:{_case.CaseId}").Select(e => e.Details).ToListAsync()).Order());
    }

    [Fact]
    public async Task AnotherOrganisationsStaffGetNotFound()
    {
        var icmec = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.IcmecStaff);

        Assert.Equal(OutcomeKind.NotFound, (await Closure.CloseAsync(icmec, _case.CaseId, CaseOutcome.Found, null)).Kind);

        await using var db = await Db();
        Assert.Null((await db.Cases.SingleAsync(c => c.Id == _case.CaseId)).ClosedAt);
    }

    [Fact]
    public async Task ACaseIsClosedOnlyOnce()
    {
        Assert.True((await Closure.CloseAsync(_staff, _case.CaseId, CaseOutcome.Found, null)).Succeeded);

        var again = await Closure.CloseAsync(_staff, _case.CaseId, CaseOutcome.Withdrawn, null);

        Assert.Equal((OutcomeKind.Conflict, "This case is already closed."), (again.Kind, again.Error));
        await using var db = await Db();
        Assert.Equal(CaseOutcome.Found, (await db.Cases.SingleAsync(c => c.Id == _case.CaseId)).Outcome);
        Assert.Single(await db.AuditEntries.Where(e => e.Action == AuditActions.CaseRefused && e.Target == $"case:{_case.CaseId}").ToListAsync());
    }

    [Fact]
    public async Task TheOutcomeOtherNeedsANote()
    {
        var refused = await Closure.CloseAsync(_staff, _case.CaseId, CaseOutcome.Other, "  ");

        Assert.Equal(OutcomeKind.Invalid, refused.Kind);
        Assert.True((await Closure.CloseAsync(_staff, _case.CaseId, CaseOutcome.Other, "transferred to another agency")).Succeeded);
    }

    [Fact]
    public async Task TheDueDateFollowsTheShortestOfThePlatformTheOrganisationAndTheCase()
    {
        await using (var db = await Db())
        {
            (await db.RetentionRules.SingleAsync(r => r.Kind == DataKind.ProbePhotos)).MaxDays = 60;
            await db.SaveChangesAsync();
        }
        Assert.Equal(T0.AddDays(60), (await Closure.CloseAsync(_staff, _case.CaseId, CaseOutcome.Found, null)).Value!.DueAt);

        await using (var db = await Db())
        {
            db.OrganisationRetentions.Add(new OrganisationRetention { OrganisationId = _staff.OrganisationId!.Value, Kind = DataKind.ProbePhotos, Days = 20 });
            await db.SaveChangesAsync();
        }
        Assert.Equal(T0.AddDays(20), (await DueAsync()).DueAt);

        await using (var db = await Db())
            await db.Cases.Where(c => c.Id == _case.CaseId).ExecuteUpdateAsync(s => s.SetProperty(c => c.RetentionDays, 7));
        Assert.Equal(T0.AddDays(7), (await DueAsync()).DueAt);
    }

    [Fact]
    public async Task AnOpenCaseIsDueThreeYearsAfterItsLastActivity()
    {
        var open = await DueAsync();

        Assert.False(open.Closed);
        Assert.Equal((T0.AddDays(-10), T0.AddDays(-10 + 3 * 365)), (open.ClockStart, open.DueAt));
    }

    private async Task<Portal.Infrastructure.Lifecycle.CaseRetention> DueAsync() =>
        (await _host.Get<CaseQueries>().GetAsync(_staff, _case.CaseId)).Value!.Lifecycle!.Retention;

    private Task<PortalDbContext> Db() => _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }
}
