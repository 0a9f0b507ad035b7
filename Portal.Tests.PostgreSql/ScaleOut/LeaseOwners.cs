using Microsoft.EntityFrameworkCore;
using Portal.Domain.Queue;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.ScaleOut;

/// <summary>
/// Which process held each job while it ran, sampled from the Jobs table every few milliseconds: the queue clears
/// the lease owner when a job ends, so only a running job names its worker ("machine/pid/tag/wN").
/// </summary>
internal sealed class LeaseOwners : IAsyncDisposable
{
    private readonly Dictionary<Guid, HashSet<int>> _seen = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;

    public LeaseOwners(IDbContextFactory<PortalDbContext> contextFactory) =>
        _sampling = Task.Run(() => SampleAsync(contextFactory));

    /// <summary>The process ids seen running <paramref name="jobId"/> (empty when every sample missed it).</summary>
    public IReadOnlySet<int> Of(Guid jobId)
    {
        lock (_seen) return _seen.TryGetValue(jobId, out var pids) ? new HashSet<int>(pids) : [];
    }

    public bool Ran(Guid jobId, PortalProcess process) => Of(jobId).Contains(process.Id);

    /// <summary>How many jobs each process was seen running.</summary>
    public int JobsRunBy(PortalProcess process)
    {
        lock (_seen) return _seen.Values.Count(pids => pids.Contains(process.Id));
    }

    /// <summary>The process id in a lease owner: the second field from the start is the pid, wherever the machine name has slashes.</summary>
    public static int ProcessOf(string owner) => int.Parse(owner.Split('/')[^3], System.Globalization.CultureInfo.InvariantCulture);

    private async Task SampleAsync(IDbContextFactory<PortalDbContext> contextFactory)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await using var db = await contextFactory.CreateDbContextAsync(_stop.Token);
                var running = await db.Jobs.AsNoTracking().Where(j => j.State == JobState.Running && j.LeaseOwner != null)
                    .Select(j => new { j.Id, j.LeaseOwner }).ToListAsync(_stop.Token);
                lock (_seen)
                    foreach (var job in running)
                        (_seen.TryGetValue(job.Id, out var pids) ? pids : _seen[job.Id] = []).Add(ProcessOf(job.LeaseOwner!));
                await Task.Delay(15, _stop.Token);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }
}
