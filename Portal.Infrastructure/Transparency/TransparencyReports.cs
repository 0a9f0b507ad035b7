using Microsoft.EntityFrameworkCore;
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
/// Only completed quarters are published (<see cref="Quarter.LastCompleted"/>), each stored the first time and served
/// from the database ever after (<see cref="QuarterPublication"/>), so a quarter's figures never move once published.
/// </summary>
public sealed class TransparencyReports
{
    public const int QuarterCount = 8;
    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(5);

    private readonly IDbContextFactory<PortalDbContext> _contextFactory;
    private readonly ModelStore _models;
    private readonly EvaluationQueries _evaluations;
    private readonly TimeProvider _timeProvider;
    private readonly QuarterPublication _publication;
    private readonly SharedSnapshot<TransparencyReport> _current;

    public TransparencyReports(IDbContextFactory<PortalDbContext> contextFactory, ModelStore models, EvaluationQueries evaluations,
        QuarterPublication publication, TimeProvider timeProvider)
    {
        (_contextFactory, _models, _evaluations, _publication, _timeProvider) = (contextFactory, models, evaluations, publication, timeProvider);
        _current = new SharedSnapshot<TransparencyReport>(token => ComputeAsync(_timeProvider.GetUtcNow(), token), CacheFor, timeProvider);
    }

    /// <summary>The report of the last <see cref="QuarterCount"/> completed quarters, at most <see cref="CacheFor"/> old.</summary>
    public Task<TransparencyReport> CurrentAsync(CancellationToken cancellationToken = default) => _current.GetAsync(cancellationToken);

    /// <summary>
    /// Computes the report afresh, with no cache (tests; the page goes through <see cref="CurrentAsync"/>). The quarters'
    /// figures are the published ones (<see cref="QuarterPublication"/>): stored the first time, read back ever after.
    /// </summary>
    public async Task<TransparencyReport> ComputeAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var quarters = Quarter.LastCompleted(now, QuarterCount);
        await using var db = await _contextFactory.CreateDbContextAsync(cancellationToken);
        var published = await _publication.PublishedAsync(db, quarters, now, cancellationToken);
        return new TransparencyReport(now, quarters, published.SelectMany(q => q.Figures).ToList(), ModelFiles.Pinned, _models.Status.IsAvailable,
            await TransparencyThresholds.HistoryAsync(db, cancellationToken),
            published.Select(q => q.OrganisationThresholdChanges).ToList(),
            PublishedTest.From(await _evaluations.LatestEvaluationAsync(cancellationToken)));
    }
}
