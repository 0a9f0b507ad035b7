using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Lifecycle;
using Portal.Domain.Organisations;
using Portal.Domain.Queue;
using Portal.Domain.Retention;
using Portal.Infrastructure.Lifecycle;
using Portal.Infrastructure.Messaging;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Queue;
using Portal.Tests.Support;
using static Portal.Tests.Infrastructure.Lifecycle.ErasureBed;
using static Portal.Tests.Infrastructure.Lifecycle.SweepBed;

namespace Portal.Tests.Infrastructure.Lifecycle;

/// <summary>The retention schedule's clocks, as of a fake "now": each period, its overrides, holds, reminders and the trash.</summary>
public sealed class RetentionSweepTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 5, 12, 0, 0, TimeSpan.Zero));
    private QueueTestBed _bed = null!;
    private Actor _staff = null!;
    private Guid _organisation;

    public async Task InitializeAsync()
    {
        _bed = await SweepBed.StartAsync(_data.Path, _clock);
        _staff = await _bed.ThornStaffAsync();
        _organisation = _staff.OrganisationId!.Value;
    }

    private Task<SweepResult> SweepAsync() => _bed.Host.Get<RetentionSweep>().RunAsync(_organisation);

    private async Task<Guid> ClosedCaseAsync(string reference, int? ownDays = null)
    {
        var seeded = await ReviewScenario.SearchedCaseAsync(_bed.Host.Services, _staff, reference, 1, _clock.GetUtcNow());
        await CloseAsync(_bed.Host, seeded.CaseId, _clock.GetUtcNow(), ownDays);
        return seeded.CaseId;
    }

    [Fact]
    public async Task AClosedCaseIsPurgedOnItsDueDayAndNotTheDayBefore()
    {
        var closed = await ClosedCaseAsync("CLOSED-1");

        _clock.Advance(TimeSpan.FromDays(30) - TimeSpan.FromMinutes(1));
        await SweepAsync();
        Assert.Empty(await RecordsAsync(_bed.Host, closed));

        _clock.Advance(TimeSpan.FromMinutes(1));
        await SweepAsync();
        await SweepAsync(); // a second sweep stages nothing twice
        var record = Assert.Single(await RecordsAsync(_bed.Host, closed));
        Assert.Equal((ErasureScope.Case, ErasureCause.Schedule, nameof(DataKind.ProbePhotos)), (record.Scope, record.Cause, record.CauseReference));

        await EraseAsync(_bed.Host, record.Id);
        Assert.NotNull(await ReadAsync(_bed.Host, db => db.Cases.Where(c => c.Id == closed).Select(c => c.PurgedAt).SingleAsync()));
        _clock.Advance(TimeSpan.FromDays(1));
        await SweepAsync();
        Assert.Single(await RecordsAsync(_bed.Host, closed)); // purged once, never again
    }

    [Fact]
    public async Task AnOrganisationsShorterPeriodAndACasesShorterPeriodMoveTheDate()
    {
        await ChangeAsync(_bed.Host, db => Task.FromResult(db), db => db.OrganisationRetentions.Add(
            new OrganisationRetention { OrganisationId = _organisation, Kind = DataKind.ProbePhotos, Days = 10 }));
        var byOrganisation = await ClosedCaseAsync("ORG-10");
        var byCase = await ClosedCaseAsync("CASE-5", ownDays: 5);

        _clock.Advance(TimeSpan.FromDays(5) - TimeSpan.FromMinutes(1));
        await SweepAsync();
        Assert.Empty(await RecordsAsync(_bed.Host, byCase));
        _clock.Advance(TimeSpan.FromMinutes(1));
        await SweepAsync();
        Assert.Single(await RecordsAsync(_bed.Host, byCase));
        Assert.Empty(await RecordsAsync(_bed.Host, byOrganisation));

        _clock.Advance(TimeSpan.FromDays(5));
        await SweepAsync();
        Assert.Single(await RecordsAsync(_bed.Host, byOrganisation));
    }

    [Fact]
    public async Task AHeldCaseIsSkippedWithTheSkipRecordedOncePerSweepAndPurgedAtTheFirstSweepAfterTheRelease()
    {
        var held = await ClosedCaseAsync("HELD-1");
        var hold = await HoldAsync(_bed.Host, _organisation, HoldScope.Case, held, _clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromDays(31));

        await SweepAsync();
        await SweepAsync();

        Assert.Empty(await RecordsAsync(_bed.Host, held));
        var skips = await ReadAsync(_bed.Host, db => db.ErasureSkips.Where(s => s.ScopeId == held).ToListAsync());
        Assert.Equal(2, skips.Count);
        Assert.All(skips, s => Assert.Equal((ErasureScope.Case, hold.Id), (s.Scope, s.HoldId)));
        Assert.Equal(2, await ReadAsync(_bed.Host, db => db.AuditEntries.CountAsync(e => e.Action == AuditActions.ErasureSkippedHeld && e.Target == $"case:{held}")));

        await ChangeAsync(_bed.Host, db => db.LegalHolds.SingleAsync(h => h.Id == hold.Id), h => h.ReleasedAt = _clock.GetUtcNow());
        await SweepAsync();
        Assert.Single(await RecordsAsync(_bed.Host, held));
    }

    [Fact]
    public async Task AHoldConfirmedAfterTheSweepStagedAPurgeStillKeepsTheCaseAndTheErasureIsWithdrawn()
    {
        var closed = await ClosedCaseAsync("RACE-1");
        _clock.Advance(TimeSpan.FromDays(31));
        await SweepAsync();
        var staged = Assert.Single(await RecordsAsync(_bed.Host, closed));
        // Confirmed while the Erase job waits in the queue.
        var hold = await HoldAsync(_bed.Host, _organisation, HoldScope.Case, closed, _clock.GetUtcNow());

        var result = await _bed.Host.Get<BiometricEraser>().RunAsync(staged.Id);

        Assert.Null(result.CompletedAt);
        Assert.Null(await ReadAsync(_bed.Host, db => db.Cases.Where(c => c.Id == closed).Select(c => c.PurgedAt).SingleAsync()));
        Assert.True(await ReadAsync(_bed.Host, db => db.Probes.AnyAsync(p => p.CaseId == closed && p.PurgedAt == null)), "the probe photos are kept");
        Assert.Empty(await RecordsAsync(_bed.Host, closed));
        var skip = Assert.Single(await ReadAsync(_bed.Host, db => db.ErasureSkips.Where(s => s.ScopeId == closed).ToListAsync()));
        Assert.Equal(hold.Id, skip.HoldId);
        Assert.Contains(staged.Id.ToString(), skip.Reason, StringComparison.Ordinal);
        Assert.Equal(1, await ReadAsync(_bed.Host, db => db.AuditEntries.CountAsync(e => e.Action == AuditActions.ErasureSkippedHeld && e.Target == $"erasure:{staged.Id}")));
        Assert.Null((await _bed.Host.Get<BiometricEraser>().RunAsync(staged.Id)).CompletedAt); // a retried job finds nothing to do

        await ChangeAsync(_bed.Host, db => db.LegalHolds.SingleAsync(h => h.Id == hold.Id), h => h.ReleasedAt = _clock.GetUtcNow());
        await SweepAsync();
        Assert.Single(await RecordsAsync(_bed.Host, closed));
    }

    [Fact]
    public async Task TwoHeldCasesAreBothSkippedInOneSweepWhileAnUnheldOneIsStaged()
    {
        var held = new[] { await ClosedCaseAsync("HELD-A"), await ClosedCaseAsync("HELD-B") };
        foreach (var id in held)
            await HoldAsync(_bed.Host, _organisation, HoldScope.Case, id, _clock.GetUtcNow());
        var free = await ClosedCaseAsync("FREE-1");
        _clock.Advance(TimeSpan.FromDays(31));

        var result = await SweepAsync();
        Assert.Equal((1, 2), (result.Staged, result.Skipped));
        Assert.Single(await RecordsAsync(_bed.Host, free));
        Assert.True((await _bed.Host.Get<IAuditLog>().VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task AnOpenCaseIsRemindedAtReminderAfterOncePerAdminNotAgainUntilReminderEveryAndPurgedAtTheInactivityMaximum()
    {
        var open = (await ReviewScenario.SearchedCaseAsync(_bed.Host.Services, _staff, "OPEN-1", 1, _clock.GetUtcNow())).CaseId;
        var admins = await ReadAsync(_bed.Host, db => db.Users.CountAsync(u => u.OrganisationId == _organisation && u.IsOrganisationAdmin));
        Assert.True(admins > 0);
        int Mails() => _bed.Host.Get<IMailPickup>().List(1000).Count(m => m.Subject.Contains("OPEN-1", StringComparison.Ordinal));

        _clock.Advance(TimeSpan.FromDays(90) - TimeSpan.FromMinutes(1));
        await SweepAsync();
        Assert.Equal(0, Mails());
        _clock.Advance(TimeSpan.FromMinutes(1));
        await SweepAsync();
        Assert.Equal(admins, Mails());
        _clock.Advance(TimeSpan.FromDays(29));
        await SweepAsync();
        Assert.Equal(admins, Mails());
        _clock.Advance(TimeSpan.FromDays(1));
        await SweepAsync();
        Assert.Equal(2 * admins, Mails());
        Assert.Equal(2, await ReadAsync(_bed.Host, db => db.AuditEntries.CountAsync(e => e.Action == AuditActions.CaseReminded && e.Target == $"case:{open}")));
        Assert.Empty(await RecordsAsync(_bed.Host, open));

        _clock.Advance(TimeSpan.FromDays(80)); // 200 days since the last interaction
        await SweepAsync();
        Assert.Equal(ErasureCause.Schedule, Assert.Single(await RecordsAsync(_bed.Host, open)).Cause);
    }

    [Fact]
    public async Task ATrashedGalleryIsPurgedAfterTheGraceAndNotBefore()
    {
        var gallery = await _bed.GalleryAsync(_staff, "Trashed");
        await _bed.UploadAsync(_staff, gallery, 2, _ => TestImages.Jpeg());
        await ChangeAsync(_bed.Host, db => db.Galleries.SingleAsync(g => g.Id == gallery), g => g.TrashedAt = _clock.GetUtcNow());

        _clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));
        await SweepAsync();
        Assert.Empty(await RecordsAsync(_bed.Host, gallery));
        _clock.Advance(TimeSpan.FromMinutes(1));
        await SweepAsync();

        var record = Assert.Single(await RecordsAsync(_bed.Host, gallery));
        Assert.Equal((ErasureScope.Gallery, ErasureCause.Trash), (record.Scope, record.Cause));
        Assert.Equal(2, (await EraseAsync(_bed.Host, record.Id)).Photos);
    }

    [Fact]
    public async Task AnOrganisationUnderAMoratoriumOrSuspendedIsStillSweptAndErasedWhileItsOtherWorkIsHeld()
    {
        var closed = await ClosedCaseAsync("SUSPENDED-1");
        var gallery = await _bed.GalleryAsync(_staff, "Waiting");
        await _bed.UploadAsync(_staff, gallery, 1, _ => TestImages.Jpeg());
        await _bed.ChangeStatusAsync(_organisation, OrganisationStatus.Suspended);
        _clock.Advance(TimeSpan.FromDays(31));

        await SweepAsync();
        var record = Assert.Single(await RecordsAsync(_bed.Host, closed));
        // What a moratorium does to waiting work: the index job is held, the erasure is not.
        await using (var db = await _bed.Host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
            Assert.Equal(1, await _bed.Host.Get<JobQueue>().HoldWaitingAsync(db, _organisation, "moratorium (test)", CancellationToken.None));
        var jobs = await _bed.JobsAsync();
        var erase = jobs.Single(j => j.Kind == JobKind.Erase);
        Assert.Equal(JobState.HeldByMoratorium, jobs.Single(j => j.Kind == JobKind.IndexGalleryImage).State);
        Assert.Equal(JobState.Queued, erase.State);
        Assert.True(await _bed.Host.Get<JobGate>().AdmitAsync(erase, "tests"), "the gate admits an erasure of a suspended organisation");
        Assert.NotNull((await EraseAsync(_bed.Host, record.Id)).CompletedAt);
    }

    public async Task DisposeAsync()
    {
        await _bed.DisposeAsync();
        _data.Dispose();
    }
}
