using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Evaluations;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Evaluations;

/// <summary>One line of the list of runs; Progress is the queue job's (0–100) while it waits or runs.</summary>
public sealed record EvaluationSummary(Guid Id, string Name, DateTimeOffset UploadedAt, EvaluationState State, int Progress, int Photos, int? Pairs);

/// <summary>A run with its report (null until completed).</summary>
public sealed record EvaluationDetail(EvaluationSummary Summary, string? FailureReason, DateTimeOffset? CompletedAt,
    DateTimeOffset? PhotosDeletedAt, EvaluationReport? Report);

/// <summary>The latest completed run, as the public accountability report shows it.</summary>
public sealed record LatestEvaluation(DateTimeOffset CompletedAt, EvaluationReport Report);

/// <summary>Reads evaluation runs: the list and one report for platform admins, the latest report for everyone.</summary>
public sealed class EvaluationQueries(IDbContextFactory<PortalDbContext> contextFactory, AuditLog auditLog)
{
    public async Task<Outcome<IReadOnlyList<EvaluationSummary>>> ListAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        if (AdminGuard.Refusal(actor, "see evaluation sets") is { } refusal)
            return Outcome<IReadOnlyList<EvaluationSummary>>.Forbidden(refusal);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await SummariesAsync(db, null, cancellationToken);
        // Ordered here: SQLite stores instants as ticks through a converter, PostgreSQL natively; both sort the same in memory.
        return Outcome<IReadOnlyList<EvaluationSummary>>.Ok(rows.OrderByDescending(r => r.UploadedAt).ToList());
    }

    public async Task<Outcome<EvaluationDetail>> GetAsync(Actor actor, Guid id, CancellationToken cancellationToken = default)
    {
        if (AdminGuard.Refusal(actor, "see evaluation reports") is { } refusal)
            return Outcome<EvaluationDetail>.Forbidden(refusal);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var summary = (await SummariesAsync(db, id, cancellationToken)).FirstOrDefault();
        if (summary is null)
            return Outcome<EvaluationDetail>.NotFound();
        var run = await db.EvaluationRuns.AsNoTracking().FirstAsync(r => r.Id == id, cancellationToken);
        return Outcome<EvaluationDetail>.Ok(new EvaluationDetail(summary, run.FailureReason, run.CompletedAt, run.PhotosDeletedAt,
            run.ReportJson is { } json ? EvaluationReport.FromJson(json) : null));
    }

    /// <summary>A download of a report, audited (the report holds aggregates only, but who took it is on record).</summary>
    public async Task<Outcome<EvaluationReport>> DownloadAsync(Actor actor, Guid id, string format, CancellationToken cancellationToken = default)
    {
        var detail = await GetAsync(actor, id, cancellationToken);
        if (!detail.Succeeded)
            return detail.As<EvaluationReport>();
        if (detail.Value!.Report is not { } report)
            return Outcome<EvaluationReport>.NotFound("This run has no report yet.");
        await auditLog.RecordAsync(actor.Name, AuditActions.EvaluationDownloaded, $"evaluation:{id}", format, null, cancellationToken);
        return Outcome<EvaluationReport>.Ok(report);
    }

    /// <summary>The latest completed run's report, or null when none has completed. Public: aggregates only.</summary>
    public async Task<LatestEvaluation?> LatestEvaluationAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        // Ids and instants first (ordered in memory, as ListAsync explains), then one report: every stored report can be large.
        var completed = await db.EvaluationRuns.AsNoTracking().Where(r => r.State == EvaluationState.Completed && r.ReportJson != null)
            .Select(r => new { r.Id, r.CompletedAt }).ToListAsync(cancellationToken);
        if (completed.OrderByDescending(r => r.CompletedAt).ThenByDescending(r => r.Id).FirstOrDefault() is not { } latest)
            return null;
        var json = await db.EvaluationRuns.AsNoTracking().Where(r => r.Id == latest.Id).Select(r => r.ReportJson).FirstOrDefaultAsync(cancellationToken);
        return json is null ? null : new LatestEvaluation(latest.CompletedAt!.Value, EvaluationReport.FromJson(json));
    }

    private static async Task<List<EvaluationSummary>> SummariesAsync(PortalDbContext db, Guid? id, CancellationToken cancellationToken)
    {
        var rows = await db.EvaluationRuns.AsNoTracking().Where(r => id == null || r.Id == id)
            .Select(r => new { r.Id, r.Name, r.UploadedAt, r.State, r.Photos, r.Pairs, r.JobId }).ToListAsync(cancellationToken);
        var jobIds = rows.Where(r => r.JobId != null).Select(r => r.JobId!.Value).ToList();
        var progress = await db.Jobs.AsNoTracking().Where(j => jobIds.Contains(j.Id)).ToDictionaryAsync(j => j.Id, j => j.Progress, cancellationToken);
        return rows.Select(r => new EvaluationSummary(r.Id, r.Name, r.UploadedAt, r.State,
            r.State == EvaluationState.Completed ? 100 : r.JobId is { } job ? progress.GetValueOrDefault(job) : 0, r.Photos, r.Pairs)).ToList();
    }
}
