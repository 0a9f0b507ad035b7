using Microsoft.EntityFrameworkCore;
using Portal.Domain.Cases;
using Portal.Domain.Common;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Cases;

/// <summary>
/// Every confirmed threshold change, newest first: public data for the transparency page (no sign-in needed, so no names),
/// and the pending proposals for the admins' page.
/// </summary>
public sealed class ThresholdHistory(IDbContextFactory<PortalDbContext> contextFactory, ThresholdService thresholds)
{
    /// <summary>Confirmed changes, newest first; optionally only those confirmed in [<paramref name="from"/>, <paramref name="until"/>).</summary>
    public async Task<IReadOnlyList<ThresholdChange>> ConfirmedAsync(DateTimeOffset? from = null, DateTimeOffset? until = null,
        CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var query = db.ThresholdProposals.AsNoTracking().Where(p => p.State == ThresholdProposalState.Confirmed);
        if (from is { } start)
            query = query.Where(p => p.DecidedAt >= start);
        if (until is { } end)
            query = query.Where(p => p.DecidedAt < end);
        var rows = await query.OrderByDescending(p => p.DecidedAt)
            .Select(p => new { p.DecidedAt, p.Sector, p.Before, p.Proposed, p.Reason }).ToListAsync(cancellationToken);
        return rows.Select(p => new ThresholdChange(p.DecidedAt!.Value, ThresholdTargets.AuditTarget(p.Sector), p.Sector, p.Before, p.Proposed, p.Reason)).ToList();
    }

    /// <summary>The admins' page: values in force, pending proposals with the proposers' names, and the history.</summary>
    public async Task<Outcome<ThresholdOverview>> OverviewAsync(Actor admin, CancellationToken cancellationToken = default)
    {
        var minimums = await thresholds.SectorMinimumsAsync(admin, cancellationToken);
        if (!minimums.Succeeded)
            return minimums.As<ThresholdOverview>();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var pending = await db.ThresholdProposals.AsNoTracking().Where(p => p.State == ThresholdProposalState.Pending)
            .OrderBy(p => p.ProposedAt).ToListAsync(cancellationToken);
        var ids = pending.Select(p => p.ProposedBy).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => string.IsNullOrWhiteSpace(u.DisplayName) ? u.Email ?? u.Id : u.DisplayName, cancellationToken);
        var views = pending.Select(p => new PendingThresholdProposal(p.Id, p.Sector, p.Before, p.Proposed, p.Reason,
            names.GetValueOrDefault(p.ProposedBy, "an admin no longer here"), p.ProposedAt, p.ProposedBy == admin.UserId)).ToList();
        return Outcome<ThresholdOverview>.Ok(new ThresholdOverview(await thresholds.DefaultInAsync(db, cancellationToken), minimums.Value!, views,
            await ConfirmedAsync(cancellationToken: cancellationToken)));
    }
}
