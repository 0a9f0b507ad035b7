using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Portal.Domain.Queue;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Queue;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Queue;

/// <summary>
/// Workers in two hosts claim from one queue: on SQLite with the conditional update, on PostgreSQL with
/// FOR UPDATE SKIP LOCKED. Every job is claimed once and done once.
/// </summary>
public sealed class ClaimsAcrossHostsTests : IDisposable
{
    private const int Jobs = 500;
    private readonly TempDirectory _data = new();
    private readonly ConcurrentBag<Guid> _runs = [];

    [Fact]
    public Task WorkersInTwoHostsClaimAndFinishFiveHundredJobsEachExactlyOnceOnSqlite() => EachJobOnceAsync(TestDatabase.Sqlite);

    [PostgreSqlFact]
    public async Task WorkersInTwoHostsClaimAndFinishFiveHundredJobsEachExactlyOnceOnPostgreSql() => await EachJobOnceAsync(await TestDatabase.PostgreSqlAsync());

    private async Task EachJobOnceAsync(TestDatabase database)
    {
        var settings = new Dictionary<string, string?> { ["Portal:Queue:Workers"] = "4" };
        // A production-like lease: a lapsed one is (correctly) run again, which is not what this test is about.
        await using var first = await StartAsync(database, settings);
        await using var second = await StartAsync(database, settings);
        await QueueAsync(first);

        await Task.WhenAll(first.Worker.StartAsync(CancellationToken.None), second.Worker.StartAsync(CancellationToken.None));
        await first.WaitUntilAsync(jobs => jobs.All(j => j.State == JobState.Succeeded), TimeSpan.FromMinutes(3));
        await Task.WhenAll(first.Worker.StopAsync(CancellationToken.None), second.Worker.StopAsync(CancellationToken.None));

        var jobs = await first.JobsAsync();
        Assert.Equal(Jobs, jobs.Count);
        Assert.All(jobs, job => Assert.Equal(1, job.Attempts));
        Assert.Equal(Jobs, _runs.Count);
        Assert.Equal(Jobs, _runs.Distinct().Count());
    }

    private Task<QueueTestBed> StartAsync(TestDatabase database, Dictionary<string, string?> settings) =>
        QueueTestBed.StartAsync(_data.Path, services => services.Script(JobKind.SearchProbe, (_, job, _, _) =>
        {
            _runs.Add(job.Id);
            return Task.CompletedTask;
        }), lease: TimeSpan.FromSeconds(60), overrides: settings, database: database);

    private static async Task QueueAsync(QueueTestBed bed)
    {
        var staff = await bed.ThornStaffAsync();
        var queue = bed.Host.Get<JobQueue>();
        await using var db = await bed.Host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        for (var i = 0; i < Jobs; i++)
            queue.Stage(db, JobKind.SearchProbe, Guid.NewGuid(), staff.OrganisationId!.Value, staff.UserId);
        await db.SaveChangesAsync();
    }

    public void Dispose() => _data.Dispose();
}
