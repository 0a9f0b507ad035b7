using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Health;

/// <summary>The database answers and carries every migration this build knows.</summary>
internal sealed class DatabaseHealthCheck(IDbContextFactory<PortalDbContext> contextFactory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
            if (!await db.Database.CanConnectAsync(cancellationToken))
                return HealthCheckResult.Unhealthy("cannot connect");
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
            return pending == 0
                ? HealthCheckResult.Healthy("connected; schema up to date")
                : HealthCheckResult.Unhealthy($"{pending} migration(s) not applied");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("database error", exception);
        }
    }
}
