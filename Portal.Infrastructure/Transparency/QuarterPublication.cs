using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Transparency;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Transparency;

/// <summary>
/// Completed quarters are published once and for good (<see cref="PublishedQuarter"/>): a quarter already stored is read
/// back; one never stored is computed, stored and audited the first time the report needs it. Several processes may
/// compute the same quarter at once (PostgreSQL scale-out): each stores only what is still absent under the write lock,
/// and everyone then serves the stored row, so the first write wins and every process shows the same figures.
/// Publishing happens at most once per quarter, so an anonymous visitor cannot grow the audit log by opening the page.
/// </summary>
public sealed class QuarterPublication(AuditLog auditLog)
{
    /// <summary>The published figures of <paramref name="quarters"/> (completed, consecutive), storing those never published.</summary>
    internal async Task<IReadOnlyList<QuarterFigures>> PublishedAsync(PortalDbContext db, IReadOnlyList<Quarter> quarters, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var stored = await ReadAsync(db, quarters, cancellationToken);
        var missing = quarters.Where(q => !stored.ContainsKey(q)).ToList();
        if (missing.Count > 0)
        {
            await StoreFirstAsync(db, await ComputeAsync(db, missing, cancellationToken), now, cancellationToken);
            stored = await ReadAsync(db, quarters, cancellationToken); // whoever stored first, that copy is the record
        }
        return quarters.Select(q => stored[q]).ToList();
    }

    /// <summary>Computes <paramref name="quarters"/> from the database and the audit log as they are now.</summary>
    internal static async Task<IReadOnlyList<QuarterFigures>> ComputeAsync(PortalDbContext db, IReadOnlyList<Quarter> quarters,
        CancellationToken cancellationToken)
    {
        // The counting buckets one run of consecutive quarters: count the run from the first to the last, keep those asked for.
        var span = Span(quarters.Min(), quarters.Max());
        var counts = new TransparencyCounts(db, span);
        await counts.LoadAsync(cancellationToken);
        var ownThresholdChanges = await TransparencyThresholds.OrganisationChangesAsync(db, span, cancellationToken);
        return span.Select((quarter, index) => QuarterFigures.From(counts, index, quarter, ownThresholdChanges[index]))
            .Where(figures => quarters.Contains(figures.Quarter)).ToList();
    }

    /// <summary>
    /// Stores each quarter still absent, with one audit entry each, in one write transaction. The check runs under the
    /// write lock (SQLite's, or PostgreSQL's advisory lock), so a quarter another process stored meanwhile is seen and
    /// left as it is; the key on the quarter refuses a second copy even from a writer that skipped the lock.
    /// </summary>
    internal async Task StoreFirstAsync(PortalDbContext db, IReadOnlyList<QuarterFigures> computed, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var stored = await ReadAsync(db, computed.Select(f => f.Quarter).ToList(), cancellationToken);
        foreach (var figures in computed.Where(f => !stored.ContainsKey(f.Quarter)))
        {
            db.PublishedQuarters.Add(new PublishedQuarter
            {
                Year = figures.Quarter.Year, Number = figures.Quarter.Number, Figures = StoredQuarterFigures.Json(figures),
                ComputedAt = now, ReportVersion = PublishedQuarter.CurrentReportVersion,
            });
            await auditLog.AppendWithinAsync(db, "system", AuditActions.TransparencyQuarterPublished, $"quarter:{figures.Quarter.Label}",
                $"published {figures.Quarter.Label}, report version {PublishedQuarter.CurrentReportVersion}", null, cancellationToken);
            // Saved one by one: the next entry reads the chain's head from the database.
            await db.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task<Dictionary<Quarter, QuarterFigures>> ReadAsync(PortalDbContext db, IReadOnlyList<Quarter> quarters,
        CancellationToken cancellationToken)
    {
        var first = quarters.Min();
        var rows = await db.PublishedQuarters.AsNoTracking().Where(p => p.Year >= first.Year).ToListAsync(cancellationToken);
        return rows.Where(row => quarters.Contains(row.Quarter)).ToDictionary(row => row.Quarter, StoredQuarterFigures.Read);
    }

    private static List<Quarter> Span(Quarter first, Quarter last)
    {
        var span = new List<Quarter> { last };
        while (span[^1].CompareTo(first) > 0)
            span.Add(span[^1].Previous);
        span.Reverse();
        return span;
    }
}
