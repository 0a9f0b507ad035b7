using Microsoft.EntityFrameworkCore;
using Portal.Domain.Lifecycle;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Lifecycle;

/// <summary>The organisation's legal holds in force, as one sweep sees them: which hold (if any) keeps a case or a gallery.</summary>
internal sealed class HoldCheck(IReadOnlyList<LegalHold> active)
{
    public static async Task<HoldCheck> ReadAsync(PortalDbContext db, Guid organisationId, CancellationToken cancellationToken)
    {
        var holds = await db.LegalHolds.AsNoTracking()
            .Where(h => h.OrganisationId == organisationId && h.ConfirmedAt != null && h.ReleasedAt == null).ToListAsync(cancellationToken);
        return new(holds.Where(HoldRules.IsActive).ToList());
    }

    /// <summary>The hold keeping the target: its own, or the organisation's.</summary>
    public LegalHold? Keeping(HoldScope scope, Guid targetId) =>
        active.FirstOrDefault(h => h.Scope == scope && h.TargetId == targetId) ?? active.FirstOrDefault(h => h.Scope == HoldScope.Organisation);
}
