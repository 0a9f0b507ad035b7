using Microsoft.EntityFrameworkCore;
using Portal.Domain.Lifecycle;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Lifecycle.Holds;

/// <summary>
/// The reads behind the holds page: holds with their targets' and admins' names, and targets to pick from.
/// Unguarded: only <see cref="LegalHolds"/> calls it, after the admin guard.
/// </summary>
public sealed class HoldDirectory(IDbContextFactory<PortalDbContext> contextFactory)
{
    private const int MaxTargets = 50;

    internal async Task<IReadOnlyList<HoldView>> ListAsync(HoldFilter filter, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var query = db.LegalHolds.AsNoTracking();
        query = filter switch
        {
            HoldFilter.Pending => query.Where(h => h.ConfirmedAt == null && h.ReleasedAt == null),
            HoldFilter.Released => query.Where(h => h.ReleasedAt != null),
            _ => query.Where(h => h.ConfirmedAt != null && h.ReleasedAt == null),
        };
        var holds = (await query.ToListAsync(cancellationToken)).OrderByDescending(h => h.PlacedAt).ToList();
        if (holds.Count == 0)
            return [];

        var organisations = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
        var targetIds = holds.Select(h => h.TargetId).Distinct().ToList();
        var cases = await db.Cases.AsNoTracking().Where(c => targetIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Reference, cancellationToken);
        var galleries = await db.Galleries.AsNoTracking().Where(g => targetIds.Contains(g.Id)).ToDictionaryAsync(g => g.Id, g => g.Name, cancellationToken);
        var userIds = holds.SelectMany(h => new[] { h.PlacedBy, h.ConfirmedBy, h.ReleaseRequestedBy, h.ReleaseConfirmedBy })
            .OfType<string>().Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => string.IsNullOrWhiteSpace(u.DisplayName) ? u.Email ?? u.Id : u.DisplayName, cancellationToken);

        string Name(string? userId) => userId is null ? "" : users.GetValueOrDefault(userId, "a former admin");
        string TargetName(LegalHold hold) => hold.Scope switch
        {
            HoldScope.Organisation => organisations.GetValueOrDefault(hold.TargetId, "(deleted organisation)"),
            HoldScope.Case => cases.GetValueOrDefault(hold.TargetId, "(purged case)"),
            _ => galleries.GetValueOrDefault(hold.TargetId, "(deleted gallery)"),
        };
        return holds.Select(h => new HoldView(h, TargetName(h), organisations.GetValueOrDefault(h.OrganisationId, ""), Name(h.PlacedBy),
            h.ConfirmedBy is null ? null : Name(h.ConfirmedBy), h.ReleaseRequestedBy is null ? null : Name(h.ReleaseRequestedBy),
            h.ReleaseConfirmedBy is null ? null : Name(h.ReleaseConfirmedBy), HoldRules.IsPastReview(h, now))).ToList();
    }

    internal async Task<IReadOnlyList<HoldTarget>> TargetsAsync(HoldScope scope, string? search, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var organisations = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
        var text = search?.Trim() ?? "";
        // Matched in memory, case-blind on either database; a page of the best matches is enough for a picker.
        bool Matches(string label) => text.Length == 0 || label.Contains(text, StringComparison.OrdinalIgnoreCase);
        IEnumerable<HoldTarget> targets = scope switch
        {
            HoldScope.Organisation => organisations.Select(o => new HoldTarget(o.Key, o.Value)),
            HoldScope.Case => (await db.Cases.AsNoTracking().Select(c => new { c.Id, c.Reference, c.OrganisationId }).ToListAsync(cancellationToken))
                .Select(c => new HoldTarget(c.Id, $"{c.Reference} ({organisations.GetValueOrDefault(c.OrganisationId)})")),
            _ => (await db.Galleries.AsNoTracking().Select(g => new { g.Id, g.Name, g.OrganisationId }).ToListAsync(cancellationToken))
                .Select(g => new HoldTarget(g.Id, $"{g.Name} ({organisations.GetValueOrDefault(g.OrganisationId)})")),
        };
        return targets.Where(t => Matches(t.Label) || t.Id.ToString() == text).OrderBy(t => t.Label, StringComparer.OrdinalIgnoreCase)
            .Take(MaxTargets).ToList();
    }
}
