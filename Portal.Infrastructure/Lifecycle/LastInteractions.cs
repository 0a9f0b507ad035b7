using Microsoft.EntityFrameworkCore;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Lifecycle;

/// <summary>
/// The last interaction with each open case, the clock of its inactivity period: the latest of the case's creation, a probe
/// uploaded, a candidate found and a review decided.
/// </summary>
internal static class LastInteractions
{
    public static async Task<Dictionary<Guid, DateTimeOffset>> ReadAsync(PortalDbContext db, Guid organisationId, CancellationToken cancellationToken)
    {
        var open = db.Cases.Where(c => c.OrganisationId == organisationId && c.ClosedAt == null && c.PurgedAt == null);
        var last = await open.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.CreatedAt, cancellationToken);
        // Each kind of activity in its own query: simple enough for both providers to translate, grouped in memory.
        var probes = await db.Probes.AsNoTracking().Where(p => open.Any(c => c.Id == p.CaseId))
            .GroupBy(p => p.CaseId).Select(g => new { Id = g.Key, At = g.Max(p => p.UploadedAt) }).ToListAsync(cancellationToken);
        var found = await db.Candidates.AsNoTracking().Where(x => open.Any(c => c.Id == x.CaseId))
            .GroupBy(x => x.CaseId).Select(g => new { Id = g.Key, At = g.Max(x => x.FoundAt) }).ToListAsync(cancellationToken);
        var decided = await (from d in db.ReviewDecisions
                             join x in db.Candidates on d.CandidateId equals x.Id
                             where open.Any(c => c.Id == x.CaseId)
                             group d by x.CaseId into g
                             select new { Id = g.Key, At = g.Max(d => d.DecidedAt) }).AsNoTracking().ToListAsync(cancellationToken);
        foreach (var activity in probes.Concat(found).Concat(decided))
        {
            if (last.TryGetValue(activity.Id, out var at) && activity.At > at)
                last[activity.Id] = activity.At;
        }
        return last;
    }
}
