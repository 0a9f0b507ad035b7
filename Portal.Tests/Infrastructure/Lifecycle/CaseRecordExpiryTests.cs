using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Lifecycle;
using Portal.Domain.Retention;
using Portal.Domain.Review;
using Portal.Infrastructure.Lifecycle;
using Portal.Tests.Support;
using static Portal.Tests.Infrastructure.Lifecycle.ErasureBed;
using static Portal.Tests.Infrastructure.Lifecycle.SweepBed;

namespace Portal.Tests.Infrastructure.Lifecycle;

/// <summary>The schedule's case records and review decisions: deleted three years after closure, once the probe data is purged.</summary>
public sealed class CaseRecordExpiryTests : IAsyncLifetime
{
    private static readonly TimeSpan ThreeYears = TimeSpan.FromDays(1095);
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 5, 12, 0, 0, TimeSpan.Zero));
    private QueueTestBed _bed = null!;
    private Actor _staff = null!;
    private Guid _organisation;
    private DateTimeOffset _closedAt;

    public async Task InitializeAsync()
    {
        _bed = await SweepBed.StartAsync(_data.Path, _clock);
        _staff = await _bed.ThornStaffAsync();
        _organisation = _staff.OrganisationId!.Value;
    }

    private Task SweepAsync() => _bed.Host.Get<RetentionSweep>().RunAsync(_organisation);

    /// <summary>A closed case with two candidates, one decided, whose probe photos the schedule has already purged (30 days after closure).</summary>
    private async Task<Guid> PurgedCaseAsync(string reference)
    {
        var seeded = await ReviewScenario.SearchedCaseAsync(_bed.Host.Services, _staff, reference, 2, _clock.GetUtcNow());
        await ChangeAsync(_bed.Host, db => Task.FromResult(db), db => db.ReviewDecisions.Add(new ReviewDecision
        {
            CandidateId = seeded.Candidates[0], OrganisationId = _organisation, ReviewerId = _staff.UserId, ReviewerName = _staff.Name,
            Verdict = ReviewVerdict.Reject, Stage = ReviewStage.First, Counted = true, DecidedAt = _clock.GetUtcNow(),
        }));
        _closedAt = _clock.GetUtcNow();
        await CloseAsync(_bed.Host, seeded.CaseId, _closedAt);
        _clock.Advance(TimeSpan.FromDays(30));
        await SweepAsync();
        await EraseAsync(_bed.Host, Assert.Single(await RecordsAsync(_bed.Host, seeded.CaseId)).Id);
        return seeded.CaseId;
    }

    private Task<(int Cases, int Probes, int Faces, int Candidates, int Decisions)> RowsAsync(Guid caseId) => ReadAsync(_bed.Host, async db =>
    {
        var probes = db.Probes.Where(p => p.CaseId == caseId).Select(p => p.Id);
        var candidates = db.Candidates.Where(c => c.CaseId == caseId).Select(c => c.Id);
        return (await db.Cases.CountAsync(c => c.Id == caseId), await probes.CountAsync(), await db.ProbeFaces.CountAsync(f => probes.Contains(f.ProbeId)),
            await candidates.CountAsync(), await db.ReviewDecisions.CountAsync(d => candidates.Contains(d.CandidateId)));
    });

    private void AdvanceTo(TimeSpan sinceClosure) => _clock.SetUtcNow(_closedAt + sinceClosure);

    [Fact]
    public async Task AClosedCaseIsDeletedWithItsCandidatesAndDecisionsThreeYearsAfterClosureAndNotBefore()
    {
        var closed = await PurgedCaseAsync("RECORD-1");
        var (cases, probes, faces, candidates, decisions) = await RowsAsync(closed);
        Assert.Equal((1, 2, 1), (cases, candidates, decisions));
        Assert.True(probes > 0 && faces > 0, "a purged case keeps its probe rows until its record goes");

        AdvanceTo(ThreeYears - TimeSpan.FromMinutes(1));
        await SweepAsync();
        Assert.Equal((cases, probes, faces, candidates, decisions), await RowsAsync(closed));

        AdvanceTo(ThreeYears);
        await SweepAsync();
        await SweepAsync(); // gone once, audited once
        Assert.Equal((0, 0, 0, 0, 0), await RowsAsync(closed));
        var entry = Assert.Single(await ReadAsync(_bed.Host, db => db.AuditEntries.Where(e => e.Action == AuditActions.CaseRecordDeleted).ToListAsync()));
        Assert.Equal($"case:{closed}", entry.Target);
        Assert.Contains("2 candidate(s) and 1 review decision(s)", entry.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShorterCandidatesAndDecisionsGoAtTheirOwnDateWhileTheCaseRecordStays()
    {
        await ChangeAsync(_bed.Host, db => Task.FromResult(db), db => db.OrganisationRetentions.Add(
            new OrganisationRetention { OrganisationId = _organisation, Kind = DataKind.CandidatesAndDecisions, Days = 365 }));
        var closed = await PurgedCaseAsync("DECISIONS-1");

        AdvanceTo(TimeSpan.FromDays(365) - TimeSpan.FromMinutes(1));
        await SweepAsync();
        Assert.Equal(2, (await RowsAsync(closed)).Candidates);
        AdvanceTo(TimeSpan.FromDays(365));
        await SweepAsync();
        var rows = await RowsAsync(closed);
        Assert.Equal((1, 0, 0), (rows.Cases, rows.Candidates, rows.Decisions));
        Assert.Single(await ReadAsync(_bed.Host, db => db.AuditEntries.Where(e => e.Action == AuditActions.CaseDecisionsDeleted && e.Target == $"case:{closed}").ToListAsync()));

        AdvanceTo(ThreeYears);
        await SweepAsync();
        Assert.Equal(0, (await RowsAsync(closed)).Cases);
    }

    [Fact]
    public async Task AHeldCaseRecordIsKeptWithTheSkipRecordedAndGoesAfterTheRelease()
    {
        var held = await PurgedCaseAsync("HELD-RECORD-1");
        var hold = await HoldAsync(_bed.Host, _organisation, HoldScope.Case, held, _clock.GetUtcNow());
        AdvanceTo(ThreeYears);

        await SweepAsync();
        Assert.Equal(1, (await RowsAsync(held)).Cases);
        Assert.Equal(2, (await RowsAsync(held)).Candidates);
        var skip = Assert.Single(await ReadAsync(_bed.Host, db => db.ErasureSkips.Where(s => s.ScopeId == held && s.At == _clock.GetUtcNow()).ToListAsync()));
        Assert.Equal((ErasureScope.Case, hold.Id), (skip.Scope, skip.HoldId));
        Assert.True(await ReadAsync(_bed.Host, db => db.AuditEntries.AnyAsync(e => e.Action == AuditActions.ErasureSkippedHeld && e.Target == $"case:{held}")));

        await ChangeAsync(_bed.Host, db => db.LegalHolds.SingleAsync(h => h.Id == hold.Id), h => h.ReleasedAt = _clock.GetUtcNow());
        await SweepAsync();
        Assert.Equal(0, (await RowsAsync(held)).Cases);
    }

    public async Task DisposeAsync()
    {
        await _bed.DisposeAsync();
        _data.Dispose();
    }
}
