using Microsoft.EntityFrameworkCore;
using Portal.Domain.Lifecycle;
using Portal.Infrastructure.Lifecycle;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Lifecycle;

/// <summary>Stages erasure records as the sweep does, and runs them as the Erase job does, retrying while a replica is behind.</summary>
internal static class ErasureBed
{
    public static async Task<Guid> StageAsync(InfrastructureHost host, Guid organisationId, ErasureScope scope, Guid scopeId,
        ErasureCause cause = ErasureCause.Deletion)
    {
        await using var db = await host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var record = host.Get<BiometricEraser>().Stage(db, new ErasureRecord
        {
            Cause = cause, OrganisationId = organisationId, Scope = scope, ScopeId = scopeId,
            RequestedAt = host.Get<TimeProvider>().GetUtcNow(), RequestedBy = "system",
        });
        await db.SaveChangesAsync();
        return record.Id;
    }

    /// <summary>Runs the eraser until every replica applied the removal (as the job's retries would), at most 15 s.</summary>
    public static async Task<ErasureRecord> EraseAsync(InfrastructureHost host, Guid recordId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            try
            {
                return await host.Get<BiometricEraser>().RunAsync(recordId);
            }
            catch (ErasureNotReachedException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    public static async Task<T> ReadAsync<T>(InfrastructureHost host, Func<PortalDbContext, Task<T>> read)
    {
        await using var db = await host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await read(db);
    }
}
