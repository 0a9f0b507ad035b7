using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Queue;
using Portal.Domain.Retention;
using Portal.Infrastructure.Lifecycle;
using Portal.Tests.Support;
using static Portal.Tests.Infrastructure.Lifecycle.ErasureBed;

namespace Portal.Tests.Infrastructure.Lifecycle;

/// <summary>One sweep per organisation per day, whichever process's scheduler stages it; "run now" for platform admins only.</summary>
public sealed class RetentionSchedulerTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 2, 59, 0, TimeSpan.Zero));
    private QueueTestBed _a = null!;
    private InfrastructureHost _b = null!;
    private int _organisations;

    public async Task InitializeAsync()
    {
        _a = await QueueTestBed.StartAsync(_data.Path, services => services.AddSingleton<TimeProvider>(_clock));
        _b = await InfrastructureHost.StartAsync(_data.Path, configure: services => services.AddSingleton<TimeProvider>(_clock));
        _organisations = await ReadAsync(_a.Host, db => db.Organisations.CountAsync());
        Assert.True(_organisations > 1);
    }

    private async Task<List<RecognitionJob>> SweepsAsync() => (await _a.JobsAsync()).Where(j => j.Kind == JobKind.RetentionSweep).ToList();

    [Fact]
    public async Task StagesOneSweepPerOrganisationPerDay()
    {
        var scheduler = _a.Host.Get<RetentionScheduler>();
        _clock.Advance(TimeSpan.FromMinutes(1));
        var slot = scheduler.LastSlot(_clock.GetUtcNow());
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 3, 0, 0, TimeSpan.Zero), slot);

        Assert.Equal(_organisations, await scheduler.StageDailyAsync(slot));
        foreach (var job in await SweepsAsync())
            await _a.SetJobAsync(job.Id, j => j.State = JobState.Succeeded);
        Assert.Equal(0, await scheduler.StageDailyAsync(slot));
        _clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(_organisations, await scheduler.StageDailyAsync(slot.AddDays(1)));

        var sweeps = await SweepsAsync();
        Assert.Equal(2 * _organisations, sweeps.Count);
        Assert.All(sweeps, j => Assert.Equal(j.OrganisationId, j.SubjectId));
    }

    [Fact]
    public async Task TwoSchedulersRacingForTheSameSlotStageNoDuplicate()
    {
        var slot = _a.Host.Get<RetentionScheduler>().LastSlot(_clock.GetUtcNow());

        var staged = await Task.WhenAll(_a.Host.Get<RetentionScheduler>().StageDailyAsync(slot), _b.Get<RetentionScheduler>().StageDailyAsync(slot));

        Assert.Equal(_organisations, staged.Sum());
        Assert.Equal(_organisations, (await SweepsAsync()).Select(j => j.OrganisationId).Distinct().Count());
        Assert.Equal(_organisations, (await SweepsAsync()).Count);
    }

    [Fact]
    public async Task TheHostedSchedulerStagesTheSweepsAtTheTimeOfDay()
    {
        var scheduler = _a.Host.Get<RetentionScheduler>();
        await scheduler.StartAsync(CancellationToken.None);
        try
        {
            await Task.Delay(200);
            Assert.Empty(await SweepsAsync());
            _clock.Advance(TimeSpan.FromMinutes(1));
            Assert.True(await FaceReplicaBed.EventuallyAsync(async () => (await SweepsAsync()).Count == _organisations, TimeSpan.FromSeconds(30)));
        }
        finally
        {
            await scheduler.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task RunNowIsForPlatformAdminsOnlyAndIsAudited()
    {
        var staff = await _a.ThornStaffAsync();
        var refused = await _a.Host.Get<RetentionScheduler>().RunNowAsync(staff);
        Assert.Equal(OutcomeKind.Forbidden, refused.Kind);
        Assert.Empty(await SweepsAsync());

        var admin = await ReviewScenario.ActorAsync(_a.Host.Services, TestAccounts.AdminEmail);
        var run = await _a.Host.Get<RetentionScheduler>().RunNowAsync(admin);
        var again = await _a.Host.Get<RetentionScheduler>().RunNowAsync(admin);

        Assert.Equal((_organisations, 0), (run.Value, again.Value));
        Assert.Equal(2, await ReadAsync(_a.Host, db => db.AuditEntries.CountAsync(e => e.Action == AuditActions.RetentionSweepRequested && e.Actor == "user:" + admin.UserId)));
    }

    [Fact]
    public async Task RunNowAlsoExpiresAuditEntriesPastTheirPeriod()
    {
        var admin = await ReviewScenario.ActorAsync(_a.Host.Services, TestAccounts.AdminEmail);
        var written = await ReadAsync(_a.Host, db => db.AuditEntries.MaxAsync(e => e.Sequence));
        _clock.Advance(TimeSpan.FromDays(2556));

        await _a.Host.Get<RetentionScheduler>().RunNowAsync(admin);

        var anchor = await ReadAsync(_a.Host, db => db.AuditAnchors.SingleAsync());
        Assert.True(anchor.Sequence >= written);
        Assert.Equal(anchor.Sequence + 1, await ReadAsync(_a.Host, db => db.AuditEntries.MinAsync(e => e.Sequence)));
        Assert.True((await _a.Host.Get<IAuditLog>().VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task TheHostedSchedulerExpiresAuditEntriesAtTheTimeOfDay()
    {
        // The shortest period allowed, and a clock a year and a day on (still a minute before the slot): every entry
        // written at start is due at the next slot.
        await SweepBed.ChangeAsync(_a.Host, db => db.RetentionRules.SingleAsync(r => r.Kind == DataKind.AuditEntries), rule => rule.MaxDays = 365);
        _clock.Advance(TimeSpan.FromDays(366));
        var scheduler = _a.Host.Get<RetentionScheduler>();
        await scheduler.StartAsync(CancellationToken.None);
        try
        {
            await Task.Delay(200);
            Assert.Equal(0, await ReadAsync(_a.Host, db => db.AuditAnchors.CountAsync()));
            _clock.Advance(TimeSpan.FromMinutes(1));
            Assert.True(await FaceReplicaBed.EventuallyAsync(async () => await ReadAsync(_a.Host, db => db.AuditAnchors.CountAsync()) == 1, TimeSpan.FromSeconds(30)));
        }
        finally
        {
            await scheduler.StopAsync(CancellationToken.None);
        }
        Assert.True((await _a.Host.Get<IAuditLog>().VerifyAsync()).IsIntact);
    }

    public async Task DisposeAsync()
    {
        await _b.DisposeAsync();
        await _a.DisposeAsync();
        _data.Dispose();
    }
}
