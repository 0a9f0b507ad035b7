using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Domain.Auditing;
using Portal.Domain.Faces;
using Portal.Domain.Galleries;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Crops;
using Portal.Infrastructure.Options;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Face;

/// <summary>
/// Re-embeds every stored gallery photo for the re-index's target version, a batch at a time. A photo's
/// <see cref="GalleryImage.EmbeddedVersion"/> moves to the target in the transaction that stores its new faces: that
/// is the checkpoint, so a stopped worker's successor starts with the first photo not yet done. Searches use the active
/// version throughout (the replicas skip the new rows); once no photo is left, one small transaction makes the target
/// active, and every replica swaps in the new version's index. The old version's faces go afterwards, in batches.
/// Photos uploaded meanwhile are stored with both versions by their own index job (<see cref="PipelineVersions.ForNewFacesAsync"/>)
/// and count as done; photos deleted or erased meanwhile have no row left, so a batch that embedded them stores nothing.
/// A photo that cannot be analysed is done with no face for the target (audited), rather than stopping the whole run.
/// </summary>
/// <remarks>
/// Old-version faces that a candidate points at (<c>Candidate.FaceId</c>) are KEPT after the switch, whatever the
/// candidate's review state: the review page, the crop, the queue, the export and the accuracy figures all reach the
/// face by that id, and re-pointing candidates at the new rows would mean matching boxes across pipelines and
/// rewriting reviewed records. Kept rows are never searched (a replica loads the active version only); they go like
/// any face when their photo or gallery is deleted, erased or purged, since every delete path selects faces by
/// image or gallery, not by version. Only rows no candidate points at are deleted after the switch.
/// </remarks>
public sealed class FaceReindex(
    IDbContextFactory<PortalDbContext> contextFactory,
    FaceCropMaker cropMaker,
    CropFiles crops,
    FaceStore faces,
    AuditLog auditLog,
    IOptions<FaceIndexOptions> options,
    TimeProvider timeProvider)
{
    /// <summary>Photos whose faces the index job decides: until it ran (or if it failed) they have none to re-embed.</summary>
    private static readonly ImageOutcome[] Embedded = [ImageOutcome.Indexed, ImageOutcome.NoFace, ImageOutcome.BelowQuality];

    public async Task RunAsync(Guid run, int attempt, Func<int, Task> progress, CancellationToken cancellationToken)
    {
        FacePipelineState? state;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
            state = await db.FacePipelineStates.AsNoTracking().FirstOrDefaultAsync(s => s.Id == FacePipelineState.SingletonId, cancellationToken);
        if (state is null || state.ReindexRunId != run)
            return; // superseded by a later build's re-index
        if (state.TargetVersion is not { } target)
        {
            await DeleteUnreferencedAsync(run, progress, cancellationToken); // switched already: a restart finishes the clean-up
            return;
        }
        if (attempt > 1 || state.PhotosDone > 0)
            await AuditAsync(AuditActions.ReindexResumed, run, $"Resumed at {state.PhotosDone} of {state.PhotosTotal} photo(s) (attempt {attempt})", cancellationToken);
        while (true)
        {
            var batch = await NextBatchAsync(target, cancellationToken);
            if (batch.Count == 0)
            {
                if (await SwitchAsync(run, state.ActiveVersion, target, cancellationToken))
                {
                    await DeleteUnreferencedAsync(run, progress, cancellationToken);
                    return;
                }
                continue; // photos arrived between the last batch and the switch's check
            }
            var embedded = new List<EmbeddedImage>();
            try
            {
                foreach (var image in batch)
                    embedded.Add(await EmbedAsync(image, target, cancellationToken));
                var written = await WriteBatchAsync(run, target, embedded, cancellationToken);
                if (written is null)
                    return; // superseded while this batch ran
                foreach (var done in embedded.Where(e => e.Photo is not null && written.Kept.Contains(e.Image.Id)))
                    await cropMaker.StoreAsync(done.Photo!, done.Faces, [], cancellationToken);
                await progress(written.Total == 0 ? 100 : Math.Min(99, written.Done * 100 / written.Total));
            }
            finally
            {
                foreach (var done in embedded)
                    done.Photo?.Dispose();
            }
        }
    }

    private sealed record BatchImage(Guid Id, Guid GalleryId, string StoredName, ImageOutcome Outcome);

    private async Task<List<BatchImage>> NextBatchAsync(int target, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.GalleryImages.AsNoTracking().Where(i => i.EmbeddedVersion != target).OrderBy(i => i.Id)
            .Take(options.Value.ReindexBatchSize).Select(i => new BatchImage(i.Id, i.GalleryId, i.StoredName, i.Outcome)).ToListAsync(cancellationToken);
    }

    /// <summary>A photo of a batch with its faces for the target; <see cref="Failure"/> names why it could not be analysed.</summary>
    private sealed record EmbeddedImage(BatchImage Image, AnalysedPhoto? Photo, List<StoredFace> Faces, string? Failure = null);

    /// <summary>
    /// The photo's faces that pass quality, as rows of the target version; none for a photo gone from storage, and none
    /// for one that cannot be decoded or analysed: one bad file must not dead-letter a run over millions of photos.
    /// </summary>
    private async Task<EmbeddedImage> EmbedAsync(BatchImage image, int target, CancellationToken cancellationToken)
    {
        if (!Embedded.Contains(image.Outcome))
            return new(image, null, []);
        AnalysedPhoto photo;
        try
        {
            photo = await cropMaker.AnalyzeAsync(image.StoredName, target, cancellationToken);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return new(image, null, []); // deleted while queued: its row goes too, and the write below keeps nothing
        }
        // Missing or altered models are the portal's problem, not the photo's: the job waits and retries, as index jobs do.
        catch (Exception exception) when (exception is not (OperationCanceledException or RecognitionUnavailableException)
                                          && !cancellationToken.IsCancellationRequested)
        {
            // Only the exception's type is kept: its message may carry a file path.
            return new(image, null, [], exception.GetType().Name);
        }
        var now = timeProvider.GetUtcNow();
        var stored = photo.Analysis.Faces.Where(f => f.Quality.Passed).Select(f => new StoredFace
        {
            GalleryId = image.GalleryId, ImageId = image.Id, X = f.Box.X, Y = f.Box.Y, Width = f.Box.Width, Height = f.Box.Height,
            DetectionScore = f.DetectionScore, Embedding = StoredFace.Pack(f.Embedding!), CreatedAt = now, PipelineVersion = target,
        }).ToList();
        return new(image, photo, stored);
    }

    private sealed record BatchWritten(HashSet<Guid> Kept, int Done, int Total);

    /// <summary>Stores a batch's faces and moves its photos to the target version: the checkpoint. Null when the run was superseded.</summary>
    private async Task<BatchWritten?> WriteBatchAsync(Guid run, int target, List<EmbeddedImage> batch, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var state = await PipelineVersions.TrackedAsync(db, cancellationToken);
        if (state.ReindexRunId != run || state.TargetVersion != target)
            return null;
        var ids = batch.Select(b => b.Image.Id).ToList();
        // Deleted or erased since it was read: no row, nothing stored. Indexed again by its own job meanwhile (both versions): done already.
        var kept = (await db.GalleryImages.Where(i => ids.Contains(i.Id) && i.EmbeddedVersion != target).Select(i => i.Id).ToListAsync(cancellationToken)).ToHashSet();
        var stale = await db.Faces.Where(f => kept.Contains(f.ImageId) && f.PipelineVersion == target).Select(f => f.Id).ToListAsync(cancellationToken);
        await faces.StageRemovalAsync(db, stale, cancellationToken);
        await faces.StageAsync(db, batch.Where(b => kept.Contains(b.Image.Id)).SelectMany(b => b.Faces).ToList(), cancellationToken);
        await db.GalleryImages.Where(i => kept.Contains(i.Id)).ExecuteUpdateAsync(s => s.SetProperty(i => i.EmbeddedVersion, target), cancellationToken);
        foreach (var failed in batch.Where(b => b.Failure is not null && kept.Contains(b.Image.Id)))
            await auditLog.AppendWithinAsync(db, "system", AuditActions.ReindexPhotoSkipped, $"reindex:{run}", string.Create(CultureInfo.InvariantCulture,
                $"Photo {failed.Image.Id} could not be analysed ({failed.Failure}): done with no face for version {target}"), null, cancellationToken);
        // Only the photos this batch moved: one skipped as done already (indexed meanwhile) or deleted is not progress.
        state.PhotosDone += kept.Count;
        state.PhotosTotal = state.PhotosDone + await db.GalleryImages.CountAsync(i => i.EmbeddedVersion != target, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await faces.PublishAsync(CancellationToken.None);
        return new BatchWritten(kept, state.PhotosDone, state.PhotosTotal);
    }

    /// <summary>
    /// Makes the target active in one small transaction; false when photos are still to do. The old version's faces
    /// stay in the database for now (no replica searches them any more): <see cref="DeleteUnreferencedAsync"/> follows.
    /// </summary>
    private async Task<bool> SwitchAsync(Guid run, int from, int target, CancellationToken cancellationToken)
    {
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        await using (var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken))
        {
            var state = await PipelineVersions.TrackedAsync(db, cancellationToken);
            if (state.ReindexRunId != run || state.TargetVersion != target)
                return true;
            if (await db.GalleryImages.AnyAsync(i => i.EmbeddedVersion != target, cancellationToken))
                return false;
            var old = await db.Faces.CountAsync(f => f.PipelineVersion != target, cancellationToken);
            var shown = await Older(db, target).CountAsync(f => db.Candidates.Any(c => c.FaceId == f.Id), cancellationToken);
            (state.ActiveVersion, state.TargetVersion) = (target, null);
            await auditLog.AppendWithinAsync(db, "system", AuditActions.ReindexCompleted, $"reindex:{run}", string.Create(CultureInfo.InvariantCulture,
                $"Face pipeline version {target} active (was {from}): {state.PhotosDone} photo(s) re-embedded; of {old} older face(s), {shown} kept for the candidates that show them, the rest to be deleted"),
                null, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        await faces.PublishAsync(CancellationToken.None); // this process's replica swaps to the new version now
        return true;
    }

    /// <summary>
    /// After the switch: deletes the older versions' faces that no candidate points at, a bounded batch per transaction,
    /// through <see cref="FaceStore"/> so the change log and every replica stay right, and their crops with them. A stopped
    /// worker's retry starts here again (the run stays the state's run until a later re-index replaces it, whose own start
    /// clears what is left), so the job ends only when no such row is left. Candidates' faces and crops stay.
    /// </summary>
    private async Task DeleteUnreferencedAsync(Guid run, Func<int, Task> progress, CancellationToken cancellationToken)
    {
        var deleted = 0;
        while (true)
        {
            List<Guid> batch;
            await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
            await using (var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken))
            {
                var state = await PipelineVersions.TrackedAsync(db, cancellationToken);
                if (state.ReindexRunId != run || state.TargetVersion is not null)
                    return; // a later re-index took over
                batch = await Older(db, state.ActiveVersion).Where(f => !db.Candidates.Any(c => c.FaceId == f.Id))
                    .OrderBy(f => f.Id).Select(f => f.Id).Take(options.Value.ReindexDeleteBatchSize).ToListAsync(cancellationToken);
                if (batch.Count == 0)
                {
                    if (deleted > 0)
                        await auditLog.AppendWithinAsync(db, "system", AuditActions.ReindexOldFacesDeleted, $"reindex:{run}", string.Create(CultureInfo.InvariantCulture,
                            $"{deleted} face(s) of older pipeline versions deleted (no candidate shows them)"), null, cancellationToken);
                    await db.SaveChangesAsync(cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                    return;
                }
                await faces.StageRemovalAsync(db, batch, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            deleted += batch.Count;
            await faces.PublishAsync(CancellationToken.None);
            crops.Delete(batch);
            await progress(99); // the heartbeat: a long clean-up is alive
        }
    }

    /// <summary>Faces of any version but the given one: the superseded versions' rows.</summary>
    private static IQueryable<StoredFace> Older(PortalDbContext db, int version) => db.Faces.Where(f => f.PipelineVersion != version);

    private async Task AuditAsync(string action, Guid run, string details, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        await auditLog.AppendWithinAsync(db, "system", action, $"reindex:{run}", details, null, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
