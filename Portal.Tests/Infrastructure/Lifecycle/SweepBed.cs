using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Domain.Cases;
using Portal.Domain.Lifecycle;
using Portal.Domain.Queue;
using Portal.Domain.Retention;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Lifecycle;

/// <summary>
/// A host on a fake clock with a known schedule: probe photos 30 days after closure, 200 days of inactivity, gallery photos,
/// case records and decisions 3 years, removed accounts 90 days.
/// </summary>
internal static class SweepBed
{
    public static readonly Dictionary<DataKind, int> Schedule = new()
    {
        [DataKind.ProbePhotos] = 30, [DataKind.OpenCaseInactivity] = 200, [DataKind.GalleryPhotos] = 1095, [DataKind.Trash] = 7,
        [DataKind.CaseRecords] = 1095, [DataKind.CandidatesAndDecisions] = 1095, [DataKind.RemovedAccounts] = 90,
    };

    public static async Task<QueueTestBed> StartAsync(string data, FakeTimeProvider clock)
    {
        var bed = await QueueTestBed.StartAsync(data, services => services.AddSingleton<TimeProvider>(clock));
        await using var db = await bed.Host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        await db.RetentionRules.ExecuteDeleteAsync();
        db.RetentionRules.AddRange(Schedule.Select(r => new RetentionRule { Kind = r.Key, MaxDays = r.Value, Clock = ClockEvent.Written }));
        await db.SaveChangesAsync();
        return bed;
    }

    public static async Task ChangeAsync<T>(InfrastructureHost host, Func<PortalDbContext, Task<T>> find, Action<T> change)
    {
        await using var db = await host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        change(await find(db));
        await db.SaveChangesAsync();
    }

    public static Task CloseAsync(InfrastructureHost host, Guid caseId, DateTimeOffset at, int? ownDays = null) =>
        ChangeAsync(host, db => db.Cases.SingleAsync(c => c.Id == caseId), c =>
        {
            Assert.True(CaseClosure.Close(c, CaseOutcome.Found, "found", "tests", at).Succeeded);
            c.RetentionDays = ownDays;
        });

    /// <summary>The erasures staged for a target, with their Erase jobs.</summary>
    public static async Task<List<ErasureRecord>> RecordsAsync(InfrastructureHost host, Guid scopeId)
    {
        await using var db = await host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var records = await db.ErasureRecords.AsNoTracking().Where(r => r.ScopeId == scopeId).ToListAsync();
        var ids = records.Select(r => r.Id).ToList();
        Assert.Equal(records.Count, await db.Jobs.CountAsync(j => j.Kind == JobKind.Erase && ids.Contains(j.SubjectId)));
        return records;
    }

    public static async Task<LegalHold> HoldAsync(InfrastructureHost host, Guid organisationId, HoldScope scope, Guid target, DateTimeOffset now)
    {
        var hold = new LegalHold
        {
            Scope = scope, TargetId = target, OrganisationId = organisationId, Reason = "court order", Reference = "CO-1",
            ReviewDate = now.AddDays(365), PlacedBy = "admin-1", PlacedAt = now, ConfirmedBy = "admin-2", ConfirmedAt = now,
        };
        await using var db = await host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        db.LegalHolds.Add(hold);
        await db.SaveChangesAsync();
        return hold;
    }
}
