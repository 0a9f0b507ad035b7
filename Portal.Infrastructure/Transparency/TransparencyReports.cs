using Microsoft.EntityFrameworkCore;
using Portal.Domain.Organisations;
using Portal.Domain.Transparency;
using Portal.Infrastructure.Accountability;
using Portal.Infrastructure.Common;
using Portal.Infrastructure.Evaluations;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Transparency;

/// <summary>
/// The public transparency report, computed from the database and the audit log. The page and its downloads are open
/// to anyone, so the report is computed at most once per <see cref="CacheFor"/> and shared: a visitor reloading it
/// cannot make the portal run its queries again and again, and a visitor who leaves cancels only their own wait.
/// Only completed quarters are counted (<see cref="Quarter.LastCompleted"/>), so the figures do not move between two
/// computations within a quarter.
/// </summary>
public sealed class TransparencyReports
{
    public const int QuarterCount = 8;
    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(5);

    private readonly IDbContextFactory<PortalDbContext> _contextFactory;
    private readonly ModelStore _models;
    private readonly EvaluationQueries _evaluations;
    private readonly TimeProvider _timeProvider;
    private readonly SharedSnapshot<TransparencyReport> _current;

    public TransparencyReports(IDbContextFactory<PortalDbContext> contextFactory, ModelStore models, EvaluationQueries evaluations, TimeProvider timeProvider)
    {
        (_contextFactory, _models, _evaluations, _timeProvider) = (contextFactory, models, evaluations, timeProvider);
        _current = new SharedSnapshot<TransparencyReport>(token => ComputeAsync(_timeProvider.GetUtcNow(), token), CacheFor, timeProvider);
    }

    /// <summary>The report of the last <see cref="QuarterCount"/> completed quarters, at most <see cref="CacheFor"/> old.</summary>
    public Task<TransparencyReport> CurrentAsync(CancellationToken cancellationToken = default) => _current.GetAsync(cancellationToken);

    /// <summary>Computes the report afresh, with no cache (tests; the page goes through <see cref="CurrentAsync"/>).</summary>
    public async Task<TransparencyReport> ComputeAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var quarters = Quarter.LastCompleted(now, QuarterCount);
        await using var db = await _contextFactory.CreateDbContextAsync(cancellationToken);
        var counts = new TransparencyCounts(db, quarters);
        await counts.LoadAsync(cancellationToken);
        var figures = new List<TransparencyFigure>();
        for (var index = 0; index < quarters.Count; index++)
            foreach (var sector in Sectors.All)
                foreach (var measure in TransparencyMeasures.All)
                    figures.Add(measure.IsMedian ? Median(quarters[index], sector, measure, counts.HoursToSecondReview.GetValueOrDefault((index, sector)))
                        : Count(quarters[index], sector, measure, counts.Counts.GetValueOrDefault((index, sector, measure.Key))));
        return new TransparencyReport(now, quarters, figures, ModelFiles.Pinned, _models.Status.IsAvailable,
            await TransparencyThresholds.HistoryAsync(db, cancellationToken),
            await TransparencyThresholds.OrganisationChangesAsync(db, quarters, cancellationToken),
            PublishedTest.From(await _evaluations.LatestEvaluationAsync(cancellationToken)));
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
