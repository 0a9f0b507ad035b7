using Microsoft.EntityFrameworkCore;
using Portal.Domain.Cases;
using Portal.Domain.Common;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Users;

namespace Portal.Infrastructure.Cases;

/// <summary>
/// Every confirmed threshold change, newest first: public data for the transparency page (no sign-in needed, so no names),
/// and the pending proposals for the admins' page.
/// </summary>
public sealed class ThresholdHistory(IDbContextFactory<PortalDbContext> contextFactory, ThresholdService thresholds, TimeProvider timeProvider)
{
    /// <summary>How many expired proposals the admins' page lists: enough to notice one, not an archive.</summary>
    private const int ExpiredShown = 10;

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

    /// <summary>
    /// The admins' page: values in force, pending proposals with the proposers' names, the latest expired ones (a proposal
    /// past its lifetime shows as expired at once, though the row is only marked when a new proposal replaces it), and the history.
    /// </summary>
    public async Task<Outcome<ThresholdOverview>> OverviewAsync(Actor admin, CancellationToken cancellationToken = default)
    {
        var minimums = await thresholds.SectorMinimumsAsync(admin, cancellationToken);
        if (!minimums.Succeeded)
            return minimums.As<ThresholdOverview>();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var now = timeProvider.GetUtcNow();
        var open = await db.ThresholdProposals.AsNoTracking()
            .Where(p => p.State == ThresholdProposalState.Pending || p.State == ThresholdProposalState.Expired)
            .OrderByDescending(p => p.ProposedAt).ToListAsync(cancellationToken);
        var ids = open.Select(p => p.ProposedBy).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => string.IsNullOrWhiteSpace(u.DisplayName) ? u.Email ?? u.Id : u.DisplayName, cancellationToken);
        var standings = await PlatformAdmins.StandingsAsync(db, cancellationToken);
        var views = new List<PendingThresholdProposal>();
        foreach (var p in open)
        {
            var expired = p.IsExpiredAt(now);
            var outlook = expired ? null : PlatformAdmins.Outlook(standings, p.ProposedBy, p.ProposedAt, admin.UserId, "this change");
            views.Add(new PendingThresholdProposal(p.Id, p.Sector, p.Before, p.Proposed, p.Reason,
                names.GetValueOrDefault(p.ProposedBy, "an admin no longer here"), p.ProposedAt, p.ProposedBy == admin.UserId, p.ExpiresAt, expired)
            {
                ViewerCannotConfirm = outlook?.ViewerRefusal,
                NobodyCanConfirm = outlook is { AnyoneCan: false },
            });
        }
        return Outcome<ThresholdOverview>.Ok(new ThresholdOverview(await thresholds.DefaultInAsync(db, cancellationToken), minimums.Value!,
            views.Where(v => !v.Expired).OrderBy(v => v.ProposedAt).ToList(), await ConfirmedAsync(cancellationToken: cancellationToken))
        {
            Expired = views.Where(v => v.Expired).Take(ExpiredShown).ToList(),
        });
    }
}
