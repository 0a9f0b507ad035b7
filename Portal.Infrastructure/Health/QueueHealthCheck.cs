using Microsoft.Extensions.Diagnostics.HealthChecks;
using Portal.Domain.Queue;
using Portal.Infrastructure.Queue;

namespace Portal.Infrastructure.Health;

/// <summary>The queue's depth and its oldest waiting job; dead letters make it degraded, not down.</summary>
internal sealed class QueueHealthCheck(QueueAdministration administration) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // The portal checks itself: counts only leave here, never the dead letters themselves.
        var stats = await administration.StatsAsync(Portal.Domain.Common.Actor.System, cancellationToken);
        var data = new Dictionary<string, object>
        {
            ["queued"] = stats.Counts[JobState.Queued], ["running"] = stats.Counts[JobState.Running],
            ["held"] = stats.Counts[JobState.HeldByMoratorium], ["deadLettered"] = stats.Counts[JobState.DeadLettered],
            ["oldestWaitingSeconds"] = Math.Round(stats.OldestWaiting?.TotalSeconds ?? 0),
            ["completedPerMinute"] = Math.Round(stats.CompletedPerMinute, 1),
        };
        return stats.Counts[JobState.DeadLettered] > 0
            ? HealthCheckResult.Degraded($"{stats.Counts[JobState.DeadLettered]} dead-lettered job(s) need an admin", data: data)
            : HealthCheckResult.Healthy("working", data);
    }
}
