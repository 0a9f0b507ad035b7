using Microsoft.EntityFrameworkCore;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Auditing;

/// <summary>
/// What the audit viewer says about expired entries: 1–<see cref="LastSequence"/> are gone, the latest of
/// <see cref="Expiries"/> expiries on <see cref="LastExpiredAt"/> under a period of <see cref="PeriodDays"/> days.
/// </summary>
public sealed record AuditExpirySummary(long LastSequence, DateTimeOffset LastExpiredAt, int PeriodDays, int Expiries)
{
    /// <summary>Null while no entry has expired.</summary>
    internal static async Task<AuditExpirySummary?> ReadAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        var expiries = await db.AuditAnchors.CountAsync(cancellationToken);
        if (expiries == 0)
            return null;
        var latest = await db.AuditAnchors.AsNoTracking().OrderByDescending(a => a.Sequence).FirstAsync(cancellationToken);
        return new AuditExpirySummary(latest.Sequence, latest.ExpiredAt, latest.PeriodDays, expiries);
    }
}
