using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Domain.Auditing;
using Portal.Domain.Evaluations;
using Portal.Domain.Faces;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Imaging;
using Portal.Infrastructure.Options;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Evaluations;

/// <summary>
/// Runs one evaluation set: every photo through the upload path and the pipeline, then the figures at the current
/// default threshold. Nothing is stored until the report is, in one transaction, so a killed run re-runs from the
/// start and leaves nothing half-stored. When the run ends (report stored, or failed for good) the set's folder is
/// deleted: only the aggregates are kept.
/// </summary>
public sealed class EvaluationRunner(
    IDbContextFactory<PortalDbContext> contextFactory,
    EvaluationFolders folders,
    EvaluationPhotoDeletion photos,
    IFaceAnalyzer analyzer,
    SafeImageReader reader,
    ThresholdService thresholds,
    AuditLog auditLog,
    IOptions<FaceOptions> faceOptions,
    TimeProvider timeProvider)
{
    public const string Actor = "system";

    public async Task RunAsync(Guid runId, Func<int, Task> progress, CancellationToken cancellationToken = default)
    {
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            var run = await db.EvaluationRuns.FirstOrDefaultAsync(r => r.Id == runId, cancellationToken);
            if (run is null || run.State is EvaluationState.Completed or EvaluationState.Failed)
            {
                // Ended before, but the process stopped before the photos were gone: finish that.
                await DeletePhotosAsync(runId, cancellationToken);
                return;
            }
            run.State = EvaluationState.Running;
            await auditLog.SaveWithEntryAsync(db, Actor, AuditActions.EvaluationStarted, $"evaluation:{runId}", $"{run.Photos} photos", null, cancellationToken);
        }

        var labels = LabelsCsv.Read(folders.LabelsOf(runId));
        var readings = new Dictionary<string, PhotoReading>(StringComparer.Ordinal);
        // The work folder is the intake's own store: re-created each attempt, so an earlier attempt's leftovers go.
        if (Directory.Exists(folders.WorkOf(runId)))
            Directory.Delete(folders.WorkOf(runId), recursive: true);
        using (var intake = new UploadedPhotos(analyzer, reader, folders.WorkOf(runId)))
        {
            for (var i = 0; i < labels.Photos.Count; i++)
            {
                var file = labels.Photos[i].File;
                readings[file] = await intake.ReadAsync(folders.PhotosOf(runId), file, cancellationToken);
                await progress((i + 1) * 95 / labels.Photos.Count);
            }
        }
        var report = EvaluationScoring.Report(labels, readings, await thresholds.DefaultAsync(cancellationToken),
            faceOptions.Value.PipelineVersion); // the version the analyzer embedded with (IFaceAnalyzer.AnalyzeAsync)

        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
            var run = await db.EvaluationRuns.FirstAsync(r => r.Id == runId, cancellationToken);
            if (run.State != EvaluationState.Running)
                return; // another attempt finished it; its report stands
            run.State = EvaluationState.Completed;
            run.ReportJson = report.ToJson();
            run.Pairs = report.Overall.GenuinePairs + report.Overall.ImpostorPairs;
            run.Threshold = report.Threshold;
            run.PipelineVersion = report.PipelineVersion;
            run.CompletedAt = timeProvider.GetUtcNow();
            await auditLog.SaveWithEntryAsync(db, Actor, AuditActions.EvaluationCompleted, $"evaluation:{runId}",
                $"{report.Overall.GenuinePairs} genuine and {report.Overall.ImpostorPairs} impostor pairs at threshold {report.Threshold:0.000}", null, cancellationToken);
        }
        await DeletePhotosAsync(runId, cancellationToken);
        await progress(100);
    }

    /// <summary>
    /// Every attempt failed: the run is marked failed with a plain reason (unless a late attempt completed it, whose
    /// report stands), and its photos are deleted whatever the state: nothing of the set may outlive its job.
    /// </summary>
    public async Task FailAsync(Guid runId, string reason, CancellationToken cancellationToken = default)
    {
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
            var run = await db.EvaluationRuns.FirstOrDefaultAsync(r => r.Id == runId, cancellationToken);
            if (run is { State: EvaluationState.Queued or EvaluationState.Running })
                await MarkFailedAsync(db, run, reason, cancellationToken);
        }
        await DeletePhotosAsync(runId, cancellationToken);
    }

    private async Task MarkFailedAsync(PortalDbContext db, EvaluationRun run, string reason, CancellationToken cancellationToken)
    {
        run.State = EvaluationState.Failed;
        run.FailureReason = reason.Length > 1000 ? reason[..1000] : reason;
        run.CompletedAt = timeProvider.GetUtcNow();
        await auditLog.SaveWithEntryAsync(db, Actor, AuditActions.EvaluationFailed, $"evaluation:{run.Id}", "every attempt failed", null, cancellationToken);
    }

    private Task DeletePhotosAsync(Guid runId, CancellationToken cancellationToken) =>
        photos.DeleteAsync(runId, "photos and work files deleted", cancellationToken);
}
