using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Lifecycle;

/// <summary>
/// Members removed before the portal stored when and from where (RemovedAt, RemovedFromOrganisationId) had no retention
/// clock, so account erasure never reached them. Their removal is in the audit chain: the "member.removed" entry's time and
/// organisation start the clock they should have had. Runs at start-up; once every such account has its clock it finds nothing.
/// </summary>
public sealed class RemovedAccountClocks(IDbContextFactory<PortalDbContext> contextFactory, AuditLog auditLog)
{
    public async Task<int> RestoreAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        // Under the write lock: processes starting together restore each clock once, with one audit entry.
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        // Still outside any organisation: a member invited back since has a live account, not a removed one.
        var unclocked = await db.Users.Where(u => u.RemovedAt == null && u.ErasedAt == null && u.OrganisationId == null).ToListAsync(cancellationToken);
        if (unclocked.Count == 0)
            return 0;
        var targets = unclocked.Select(u => $"user:{u.Id}").ToList();
        var removals = (await db.AuditEntries.AsNoTracking().Where(e => e.Action == AuditActions.MemberRemoved && targets.Contains(e.Target))
                .Select(e => new { e.Target, e.Timestamp, e.OrganisationId, e.Sequence }).ToListAsync(cancellationToken))
            .GroupBy(e => e.Target).ToDictionary(g => g.Key, g => g.MaxBy(e => e.Sequence)!);
        var restored = 0;
        foreach (var user in unclocked)
        {
            if (!removals.TryGetValue($"user:{user.Id}", out var removal) || removal.OrganisationId is null)
                continue; // never removed: a platform admin or an applicant
            user.RemovedAt = removal.Timestamp;
            user.RemovedFromOrganisationId = removal.OrganisationId;
            restored++;
        }
        if (restored == 0)
            return 0;
        await auditLog.SaveWithEntryAsync(db, ErasureAudit.Actor, AuditActions.RemovedAccountClocksRestored, "retention:RemovedAccounts",
            $"{restored} removed member account(s) given the retention clock of their removal (from the audit chain)", null, cancellationToken);
        return restored;
    }
}
