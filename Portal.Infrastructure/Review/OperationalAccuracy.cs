using Microsoft.EntityFrameworkCore;
using Portal.Domain.Common;
using Portal.Domain.Organisations;
using Portal.Domain.Review;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Review;

/// <summary>Which reviewed candidates the page counts, by the time of their second review.</summary>
public enum AccuracyPeriod
{
    Last90Days,
    LastYear,
    All,
}

/// <summary>The operational accuracy page's figures with the thresholds in force, to read them against.</summary>
public sealed record OperationalAccuracyView(AccuracyPeriod Period, OperationalAccuracyReport Report, float DefaultThreshold,
    IReadOnlyDictionary<Sector, float> SectorMinimums);

/// <summary>
/// How reviewers' decisions fall by score and sector, across every organisation: for platform admins only. A candidate
/// counts once it has its second review (in the period); the figures hold counts, never names, notes or photos.
/// </summary>
public sealed class OperationalAccuracy(IDbContextFactory<PortalDbContext> contextFactory, ThresholdService thresholds, TimeProvider timeProvider)
{
    public async Task<Outcome<OperationalAccuracyView>> ReportAsync(Actor admin, AccuracyPeriod period, CancellationToken cancellationToken = default)
    {
        if (AdminGuard.Refusal(admin, "see operational accuracy") is { } refusal)
            return Outcome<OperationalAccuracyView>.Forbidden(refusal);
        if (!DefinedValues.IsDefined(period))
            return Outcome<OperationalAccuracyView>.Invalid("Choose one of the listed periods.");
        var minimums = await thresholds.SectorMinimumsAsync(admin, cancellationToken);
        if (!minimums.Succeeded)
            return minimums.As<OperationalAccuracyView>();
        var reviewed = await ReviewedAsync(Since(period), cancellationToken);
        return Outcome<OperationalAccuracyView>.Ok(new OperationalAccuracyView(period, OperationalAccuracyReport.From(reviewed),
            await thresholds.DefaultAsync(cancellationToken), minimums.Value!));
    }

    private DateTimeOffset? Since(AccuracyPeriod period) => period switch
    {
        AccuracyPeriod.Last90Days => timeProvider.GetUtcNow().AddDays(-90),
        AccuracyPeriod.LastYear => timeProvider.GetUtcNow().AddYears(-1),
        _ => null,
    };

    private async Task<IReadOnlyCollection<ReviewedCandidate>> ReviewedAsync(DateTimeOffset? since, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var seconds = db.ReviewDecisions.AsNoTracking().Where(d => d.Counted && d.Stage == ReviewStage.Second);
        if (since is { } start)
            seconds = seconds.Where(d => d.DecidedAt >= start);
        var firsts = db.ReviewDecisions.AsNoTracking().Where(d => d.Counted && d.Stage == ReviewStage.First);
        var rows = await (
            from second in seconds
            join first in firsts on second.CandidateId equals first.CandidateId
            join candidate in db.Candidates.AsNoTracking() on second.CandidateId equals candidate.Id
            join organisation in db.Organisations.AsNoTracking() on candidate.OrganisationId equals organisation.Id
            select new { candidate.Similarity, organisation.Sector, candidate.ReviewState, FirstVerdict = first.Verdict, SecondVerdict = second.Verdict })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new ReviewedCandidate(r.Similarity, r.Sector, r.ReviewState, r.FirstVerdict != r.SecondVerdict)).ToList();
    }
}
