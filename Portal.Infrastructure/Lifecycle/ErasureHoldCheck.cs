using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Lifecycle;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Lifecycle;

/// <summary>
/// The eraser's last look for a legal hold, before anything is deleted. A purge is staged by a sweep that saw no hold; a
/// hold confirmed between that sweep and the Erase job (a busy queue, a retry) must still win: the staged erasure is
/// withdrawn, with the skip recorded and audited, and the next sweep after the release stages it again.
/// Subject deletion requests check holds when they are confirmed; this covers the schedule's and the trash's purges.
/// </summary>
public sealed class ErasureHoldCheck(IDbContextFactory<PortalDbContext> contextFactory, AuditLog auditLog, TimeProvider timeProvider)
{
    /// <summary>Withdraws the erasure and returns true when a hold keeps its target; false when it may go ahead.</summary>
    public async Task<bool> WithdrawIfHeldAsync(Guid recordId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var record = await db.ErasureRecords.FirstOrDefaultAsync(r => r.Id == recordId, cancellationToken);
        if (record is null || record.ChangePosition is not null || await HoldTargetAsync(db, record, cancellationToken) is not { } target)
            return false;
        if ((await HoldCheck.ReadAsync(db, record.OrganisationId, cancellationToken)).Keeping(target.Scope, target.Id) is not { } hold)
            return false;
        // The skip names the withdrawn erasure in its reason: the record itself goes, so the target is due again later.
        db.ErasureSkips.Add(new ErasureSkip
        {
            Scope = record.Scope, ScopeId = record.ScopeId, HoldId = hold.Id, At = timeProvider.GetUtcNow(),
            Reason = $"Legal hold {hold.Id} was confirmed before erasure {record.Id} began: nothing was deleted.",
        });
        db.ErasureRecords.Remove(record);
        await auditLog.AppendWithinAsync(db, ErasureAudit.Actor, AuditActions.ErasureSkippedHeld, $"erasure:{record.Id}",
            $"withdrawn before it began: held by legal hold {hold.Id}", record.OrganisationId, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>What a hold would be placed on to keep the record's target: its case, or the gallery of its gallery or photo.</summary>
    private static async Task<(HoldScope Scope, Guid Id)?> HoldTargetAsync(PortalDbContext db, ErasureRecord record, CancellationToken cancellationToken) =>
        record.Scope switch
        {
            ErasureScope.Case => (HoldScope.Case, record.ScopeId),
            ErasureScope.Gallery => (HoldScope.Gallery, record.ScopeId),
            ErasureScope.Photo => await db.GalleryImages.Where(i => i.Id == record.ScopeId).Select(i => (Guid?)i.GalleryId).FirstOrDefaultAsync(cancellationToken)
                is { } gallery ? (HoldScope.Gallery, gallery) : null,
            _ => null,
        };
}
