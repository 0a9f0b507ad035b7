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
        // The folder's name only: the absolute path says where the portal is installed, to no one's benefit.
        var data = new Dictionary<string, object> { ["folder"] = Path.GetFileName(Path.TrimEndingDirectorySeparator(store.Directory)) };
        return Task.FromResult(status.IsAvailable
            ? HealthCheckResult.Healthy("three models present, hashes verified", data)
            : HealthCheckResult.Degraded("recognition unavailable: " + string.Join(" ", status.Problems), data: data));
    }
}
