using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Moratoria;
using Portal.Domain.Organisations;
using Portal.Domain.Queue;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Moratoria;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Queue;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Moratoria;

/// <summary>The schedule as time passes, on a real database with a fake clock.</summary>
public sealed class MoratoriumEnforcementTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
    private static readonly Actor Admin = new("admin", TestAccounts.AdminEmail, null, IsPlatformAdmin: true);
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _time = new(T0);
    private InfrastructureHost _host = default!;
    private Guid _marinus;
    private Guid _thorn;

    public async Task InitializeAsync()
    {
        _host = await InfrastructureHost.StartAsync(_data.Path, seedDemoData: true,
            configure: services => services.AddSingleton<TimeProvider>(_time));
        await using var db = await Db();
        _marinus = (await db.Organisations.SingleAsync(o => o.Name == "Marinus Analytics")).Id;
        _thorn = (await db.Organisations.SingleAsync(o => o.Name == "Thorn")).Id;
    }

    [Fact]
    public async Task AJobQueuedBeforeTheStartIsHeldWhenPickedUpAfterItAndReleasedWhenItEnds()
    {
        await CreateAsync(T0.AddHours(1), T0.AddHours(3));
        var job = await QueueJobAsync(_marinus);

        _time.SetUtcNow(T0.AddHours(2));
        await ClaimAsync(job, "worker-1");
        var admitted = await _host.Get<JobGate>().AdmitAsync(await JobAsync(job), "worker-1");

        Assert.False(admitted);
        var held = await JobAsync(job);
        Assert.Equal(JobState.HeldByMoratorium, held.State);
        Assert.Contains("Trafficking pause", held.HeldReason);
        Assert.Equal(0, held.Attempts);
        Assert.Null(held.LeaseOwner);

        _time.SetUtcNow(T0.AddHours(3));
        await _host.Get<MoratoriumEnforcer>().SweepAsync();

        Assert.Equal(JobState.Queued, (await JobAsync(job)).State);
        Assert.True(await HasAuditAsync(AuditActions.JobsReleased, _marinus));
    }

    [Fact]
    public async Task QueuedWorkIsHeldByTheSweepWithoutAWorkerAndACancelledHeldJobStaysCancelled()
    {
        await CreateAsync(T0.AddHours(1), T0.AddHours(3));
        var kept = await QueueJobAsync(_marinus);
        var cancelled = await QueueJobAsync(_marinus);
        var other = await QueueJobAsync(_thorn);

        _time.SetUtcNow(T0.AddHours(1));
        await _host.Get<MoratoriumEnforcer>().SweepAsync();
        Assert.Equal(JobState.HeldByMoratorium, (await JobAsync(kept)).State);
        Assert.Equal(JobState.Queued, (await JobAsync(other)).State);
        await using (var db = await Db())
            Assert.Equal(1, await _host.Get<JobQueue>().StopAsync(db, [cancelled], CancellationToken.None));

        _time.SetUtcNow(T0.AddHours(4));
        await _host.Get<MoratoriumEnforcer>().SweepAsync();

        Assert.Equal(JobState.Queued, (await JobAsync(kept)).State);
        Assert.Equal(JobState.Cancelled, (await JobAsync(cancelled)).State);
    }

    [Fact]
    public async Task StartingAMoratoriumNowEndsTheSessionsOfThoseItBlocksOnly()
    {
        var marinusStamp = await StampAsync("staff@marinus.example");
        var thornStamp = await StampAsync(TestAccounts.ThornStaff);

        await CreateAsync(T0, null);

        Assert.NotEqual(marinusStamp, await StampAsync("staff@marinus.example"));
        Assert.Equal(thornStamp, await StampAsync(TestAccounts.ThornStaff));
    }

    [Fact]
    public async Task AScheduledStartEndsSessionsWhenItArrives()
    {
        await CreateAsync(T0.AddHours(1), null);
        var before = await StampAsync("staff@marinus.example");

        await _host.Get<MoratoriumEnforcer>().SweepAsync();
        Assert.Equal(before, await StampAsync("staff@marinus.example"));

        _time.SetUtcNow(T0.AddHours(1));
        await _host.Get<MoratoriumEnforcer>().SweepAsync();
        Assert.NotEqual(before, await StampAsync("staff@marinus.example"));
        Assert.True(await HasAuditAsync(AuditActions.MoratoriumStarted, null));
    }

    [Fact]
    public async Task ExtendingAnActiveMoratoriumEndsSessionsAgain()
    {
        var id = await CreateAsync(T0, T0.AddHours(1));
        var before = await StampAsync("staff@marinus.example");

        var outcome = await _host.Get<MoratoriumSchedule>().ExtendAsync(Admin, id, null, "extended until further notice");

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.NotEqual(before, await StampAsync("staff@marinus.example"));
        Assert.True(await HasAuditAsync(AuditActions.MoratoriumExtended, null));
    }

    [Fact]
    public async Task ADoorRefusalIsAuditedWithTheDoorAndTheMoratorium()
    {
        var id = await CreateAsync(T0, null);
        var gate = _host.Get<MoratoriumGate>();

        var refused = await gate.CheckAsync(await ActorAsync("staff@marinus.example"), MoratoriumGate.Doors.ProbeUpload);
        var allowed = await gate.CheckAsync(await ActorAsync(TestAccounts.ThornStaff), MoratoriumGate.Doors.ProbeUpload);

        Assert.True(refused.Moratorium.IsBlocked);
        Assert.False(allowed.IsRefused);
        await using var db = await Db();
        var entry = await db.AuditEntries.SingleAsync(e => e.Action == AuditActions.MoratoriumRefused);
        Assert.Equal(await AuditActorKeys.OfAsync(db, "staff@marinus.example"), entry.Actor);
        Assert.Equal("door:probe upload", entry.Target);
        Assert.Contains(id.ToString(), entry.Details);
        Assert.Equal(_marinus, entry.OrganisationId);
    }

    [Fact]
    public async Task EndingEarlyUnblocksAtOnceAndThePreviewSaidSo()
    {
        var id = await CreateAsync(T0.AddHours(-1), null);
        var schedule = _host.Get<MoratoriumSchedule>();
        var current = (await schedule.AllAsync()).Single(m => m.Id == id);

        var preview = (await schedule.PreviewAsync(Admin, id, new MoratoriumDraft(current.Title, current.Sectors, current.Exemptions, current.StartsAt,
            _time.GetUtcNow(), current.PublicStatement))).Value!;
        var outcome = await schedule.EndEarlyAsync(Admin, id, "rules were passed");

        Assert.Equal(["Marinus Analytics"], preview.UnblockedNowThatAre);
        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.False((await schedule.DecisionForAsync(_marinus)).IsBlocked);
        Assert.True(await HasAuditAsync(AuditActions.MoratoriumEndedEarly, null));
    }

    [Fact]
    public async Task TheDemoScheduleBlocksThePoliceDepartmentTodayUntilFurtherNotice()
    {
        await using var db = await Db();
        var police = await db.Organisations.SingleAsync(o => o.Name == "Metro City Police Department");

        var decision = await _host.Get<MoratoriumSchedule>().DecisionForAsync(police.Id);

        Assert.True(decision.BlockedUntilFurtherNotice);
        var demo = (await _host.Get<MoratoriumSchedule>().AllAsync()).Single(m => m.Title == "Law-enforcement moratorium");
        Assert.Equal(new DateTimeOffset(2020, 6, 10, 0, 0, 0, TimeSpan.Zero), demo.StartsAt);
        Assert.Equal([new DateTimeOffset(2020, 6, 10, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2021, 5, 18, 0, 0, 0, TimeSpan.Zero)],
            demo.Revisions.OrderBy(r => r.At).Select(r => r.At));
        Assert.Contains("until further notice", demo.Revisions.OrderBy(r => r.At).Last().Change);
    }

    private async Task<Guid> CreateAsync(DateTimeOffset start, DateTimeOffset? end)
    {
        var created = await _host.Get<MoratoriumSchedule>().CreateAsync(Admin,
            new MoratoriumDraft("Trafficking pause", [Sector.AntiTraffickingNonprofit], [], start, end, "A test pause."), "testing");
        Assert.True(created.Succeeded, created.Error);
        return created.Value;
    }

    private async Task<Guid> QueueJobAsync(Guid organisationId)
    {
        await using var db = await Db();
        var job = new RecognitionJob
        {
            Kind = JobKind.SearchProbe, SubjectId = Guid.NewGuid(), OrganisationId = organisationId, SubmittedBy = "staff",
            CreatedAt = _time.GetUtcNow(), NotBefore = _time.GetUtcNow(),
        };
        db.Jobs.Add(job);
        await db.SaveChangesAsync();
        return job.Id;
    }

    /// <summary>What a worker's claim leaves behind (the claim itself belongs to the queue).</summary>
    private async Task ClaimAsync(Guid id, string owner)
    {
        await using var db = await Db();
        await db.Jobs.Where(j => j.Id == id).ExecuteUpdateAsync(s => s.SetProperty(j => j.State, JobState.Running)
            .SetProperty(j => j.LeaseOwner, owner).SetProperty(j => j.LeaseExpiresAt, _time.GetUtcNow().AddMinutes(1)));
    }

    private async Task<RecognitionJob> JobAsync(Guid id)
    {
        await using var db = await Db();
        return await db.Jobs.AsNoTracking().SingleAsync(j => j.Id == id);
    }

    private async Task<string?> StampAsync(string email)
    {
        using var scope = _host.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email))!.SecurityStamp;
    }

    private async Task<Actor> ActorAsync(string email)
    {
        using var scope = _host.Services.CreateScope();
        var user = (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email))!;
        return new Actor(user.Id, email, user.OrganisationId);
    }

    private async Task<bool> HasAuditAsync(string action, Guid? organisationId)
    {
        await using var db = await Db();
        return await db.AuditEntries.AnyAsync(e => e.Action == action && (organisationId == null || e.OrganisationId == organisationId));
    }

    private Task<PortalDbContext> Db() => _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }
}
