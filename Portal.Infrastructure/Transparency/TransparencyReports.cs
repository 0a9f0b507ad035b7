using Microsoft.EntityFrameworkCore;
using Portal.Domain.Organisations;
using Portal.Domain.Transparency;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Transparency;

/// <summary>
/// The public transparency report, computed from the database and the audit log. The page and its downloads are open
/// to anyone, so the report is computed at most once per <see cref="CacheFor"/> and shared: a visitor reloading it
/// cannot make the portal run its queries again and again.
/// </summary>
public sealed class TransparencyReports(IDbContextFactory<PortalDbContext> contextFactory, ModelStore models, TimeProvider timeProvider)
{
    public const int QuarterCount = 8;
    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private TransparencyReport? _cached;

    /// <summary>The report of the last <see cref="QuarterCount"/> quarters, at most <see cref="CacheFor"/> old.</summary>
    public async Task<TransparencyReport> CurrentAsync(CancellationToken cancellationToken = default)
    {
        if (Fresh(_cached) is { } report)
            return report;
        // One computation at a time: visitors arriving together wait for it and then share it.
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return Fresh(_cached) ?? (_cached = await ComputeAsync(timeProvider.GetUtcNow(), cancellationToken));
        }
        finally
        {
            _gate.Release();
        }
    }

    private TransparencyReport? Fresh(TransparencyReport? report) =>
        report is not null && timeProvider.GetUtcNow() - report.ComputedAt < CacheFor ? report : null;

    /// <summary>Computes the report afresh, with no cache (tests; the page goes through <see cref="CurrentAsync"/>).</summary>
    public async Task<TransparencyReport> ComputeAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var quarters = Quarter.LastUpTo(now, QuarterCount);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var counts = new TransparencyCounts(db, quarters);
        await counts.LoadAsync(cancellationToken);
        var figures = new List<TransparencyFigure>();
        for (var index = 0; index < quarters.Count; index++)
            foreach (var sector in Sectors.All)
                foreach (var measure in TransparencyMeasures.All)
                    figures.Add(measure.IsMedian ? Median(quarters[index], sector, measure, counts.HoursToSecondReview.GetValueOrDefault((index, sector)))
                        : Count(quarters[index], sector, measure, counts.Counts.GetValueOrDefault((index, sector, measure.Key))));
        return new TransparencyReport(now, quarters, figures,
            ModelFiles.Sha256.Select(m => new ModelFileVersion(m.Key, m.Value)).ToList(), models.Status.IsAvailable,
            await TransparencyThresholds.HistoryAsync(db, cancellationToken),
            await TransparencyThresholds.OrganisationChangesAsync(db, quarters, cancellationToken));
    }

    private static TransparencyFigure Count(Quarter quarter, Sector sector, TransparencyMeasure measure, int count) =>
        new(quarter, sector, measure, SmallCount.Show(count), SmallCount.Publishable(count));

    private static TransparencyFigure Median(Quarter quarter, Sector sector, TransparencyMeasure measure, List<double>? hours)
    {
        var median = SmallCount.Median(hours ?? []);
        var rounded = median is { } value ? Math.Round(value, 1) : (double?)null;
        return new(quarter, sector, measure,
            rounded?.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) ?? SmallCount.NoMedian, rounded);
    }
}
