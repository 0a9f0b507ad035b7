using Microsoft.Extensions.Diagnostics.HealthChecks;
using Portal.Infrastructure.Face;

namespace Portal.Infrastructure.Health;

/// <summary>
/// The models: degraded (not down) when missing or altered — the portal still serves its pages and keeps
/// submitted work queued; recognition resumes when the models are put right.
/// </summary>
internal sealed class FaceModelsHealthCheck(ModelStore store) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = store.Status;
        var data = new Dictionary<string, object> { ["directory"] = store.Directory };
        return Task.FromResult(status.IsAvailable
            ? HealthCheckResult.Healthy("three models present, hashes verified", data)
            : HealthCheckResult.Degraded("recognition unavailable: " + string.Join(" ", status.Problems), data: data));
    }
}
