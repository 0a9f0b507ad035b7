using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Infrastructure.Persistence;

namespace Portal.Fixtures;

/// <summary>
/// Appends many well-chained audit entries at once (a few actors, organisations and actions, spread over 100 days),
/// as a busy year would leave them. Shared by the audit viewer's tests and its benchmark; written in bulk, because
/// ten thousand single appends would measure the writer, not the viewer.
/// </summary>
public static class AuditFiller
{
    public static readonly string[] Actions =
        [AuditActions.SignIn, AuditActions.ReviewDecided, AuditActions.CaseSubmitted, AuditActions.ResultsViewed, AuditActions.LeadsExported];

    public static async Task AppendAsync(IDbContextFactory<PortalDbContext> contextFactory, byte[] key, int count, DateTimeOffset end)
    {
        await using var db = await contextFactory.CreateDbContextAsync();
        var organisations = await db.Organisations.Select(o => (Guid?)o.Id).Take(3).ToListAsync();
        organisations.Add(null);
        var last = await db.AuditEntries.OrderByDescending(e => e.Sequence).FirstOrDefaultAsync();
        var (sequence, previous) = (last?.Sequence ?? 0, last?.Hash ?? AuditChain.GenesisHash);
        var start = end - TimeSpan.FromDays(100);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        for (var i = 0; i < count; i++)
        {
            sequence++;
            // Whole microseconds, as the portal's clock gives: PostgreSQL keeps no finer, and the chain hashes the ticks.
            var offset = TimeSpan.FromDays(100.0 * i / count);
            var timestamp = start + TimeSpan.FromTicks(offset.Ticks - offset.Ticks % TimeSpan.TicksPerMicrosecond);
            var (actor, action, organisation) = ($"actor{i % 20:00}@example.org", Actions[i % Actions.Length], organisations[i % organisations.Count]);
            var details = $"filler entry {i}";
            var hash = AuditChain.ComputeHash(key, sequence, timestamp, actor, action, $"filler:{i}", details, organisation, previous);
            db.AuditEntries.Add(new AuditEntry
            {
                Sequence = sequence, Timestamp = timestamp, Actor = actor, Action = action, Target = $"filler:{i}", Details = details,
                OrganisationId = organisation, PreviousHash = previous, Hash = hash,
            });
            previous = hash;
        }
        await db.SaveChangesAsync();
    }
}
