using Microsoft.Extensions.Diagnostics.HealthChecks;
using Portal.Infrastructure.Face;

namespace Portal.Infrastructure.Health;

/// <summary>
/// Every face index replica that reported: applied log position, lag behind the log's end, last heartbeat. Always
/// healthy: a lag of a few changes is normal for a moment, and searches wait for their replica (bounded) anyway.
/// </summary>
internal sealed class FaceIndexHealthCheck(FaceReplicaReports reports) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var replicas = await reports.ListAsync(cancellationToken);
        var data = new Dictionary<string, object>
        {
            ["replicas"] = replicas.Select(r => new
            {
                id = r.Id, machine = r.MachineName, process = r.ProcessId, appliedPosition = r.AppliedPosition, lag = r.Lag,
                lastHeartbeat = r.HeartbeatAt, live = r.Live,
            }).ToList(),
        };
        return HealthCheckResult.Healthy(
            $"{replicas.Count(r => r.Live)} live face index replica(s), {replicas.Count(r => r.Live && r.Lag > 0)} behind the change log", data);
    }
}
