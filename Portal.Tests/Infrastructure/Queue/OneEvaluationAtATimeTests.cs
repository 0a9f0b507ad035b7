using Microsoft.EntityFrameworkCore;
using Portal.Domain.Queue;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Queue;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Queue;

/// <summary>
/// An evaluation holds a worker for minutes: with three workers and two evaluations queued, only one runs; the second
/// waits queued (not refused) while a search still gets a worker, and starts when the first ends.
/// </summary>
public sealed class OneEvaluationAtATimeTests : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _running;
    private int _most;

    [Fact]
    public Task ASecondEvaluationWaitsQueuedWhileTheFirstRunsAndSearchesStillRunOnSqlite() => OneAtATimeAsync(TestDatabase.Sqlite);

    [PostgreSqlFact]
    public async Task ASecondEvaluationWaitsQueuedWhileTheFirstRunsAndSearchesStillRunOnPostgreSql() =>
        await OneAtATimeAsync(await TestDatabase.PostgreSqlAsync());

    private async Task OneAtATimeAsync(TestDatabase database)
    {
        await using var bed = await QueueTestBed.StartAsync(_data.Path, services => services
            .Script(JobKind.Evaluate, (_, _, _, token) => EvaluateAsync(token))
            .Script(JobKind.SearchProbe, (_, _, _, _) => Task.CompletedTask),
            lease: TimeSpan.FromSeconds(60), overrides: new Dictionary<string, string?> { ["Portal:Queue:Workers"] = "3" }, database: database);
        var staff = await bed.ThornStaffAsync();
        var queue = bed.Host.Get<JobQueue>();
        await using (var db = await bed.Host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            queue.Stage(db, JobKind.Evaluate, Guid.NewGuid(), Guid.Empty, "admin");
            queue.Stage(db, JobKind.Evaluate, Guid.NewGuid(), Guid.Empty, "admin");
            queue.Stage(db, JobKind.SearchProbe, Guid.NewGuid(), staff.OrganisationId!.Value, staff.UserId);
            await db.SaveChangesAsync();
        }

        await bed.Worker.StartAsync(CancellationToken.None);
        await bed.WaitUntilAsync(jobs => Evaluations(jobs, JobState.Running) == 1 && jobs.Single(j => j.Kind == JobKind.SearchProbe).State == JobState.Succeeded);
        await Task.Delay(TimeSpan.FromSeconds(1)); // ten polls of the idle workers: none may take the second evaluation
        var waiting = await bed.JobsAsync();
        Assert.Equal((1, 1), (Evaluations(waiting, JobState.Running), Evaluations(waiting, JobState.Queued)));

        _release.SetResult();
        await bed.WaitUntilAsync(jobs => Evaluations(jobs, JobState.Succeeded) == 2);
        await bed.Worker.StopAsync(CancellationToken.None);
        Assert.Equal(1, _most);
    }

    private static int Evaluations(List<RecognitionJob> jobs, JobState state) => jobs.Count(j => j.Kind == JobKind.Evaluate && j.State == state);

    private async Task EvaluateAsync(CancellationToken token)
    {
        var now = Interlocked.Increment(ref _running);
        lock (_release)
            _most = Math.Max(_most, now);
        try
        {
            await _release.Task.WaitAsync(token);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    public void Dispose() => _data.Dispose();
}
