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
/// version throughout (the replicas skip the new rows); once no photo is left, one transaction makes the target active
/// and deletes the old version's faces, and every replica swaps in the new version's index.
/// Photos uploaded meanwhile are stored with both versions by their own index job (<see cref="PipelineVersions.ForNewFacesAsync"/>)
/// and count as done; photos deleted or erased meanwhile have no row left, so a batch that embedded them stores nothing.
/// </summary>
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
        if (state is not { TargetVersion: { } target } || state.ReindexRunId != run)
            return; // finished already, or superseded by a later build's re-index
        if (attempt > 1 || state.PhotosDone > 0)
            await AuditAsync(AuditActions.ReindexResumed, run, $"Resumed at {state.PhotosDone} of {state.PhotosTotal} photo(s) (attempt {attempt})", cancellationToken);
        while (true)
        {
            var batch = await NextBatchAsync(target, cancellationToken);
            if (batch.Count == 0)
            {
                if (await SwitchAsync(run, state.ActiveVersion, target, cancellationToken))
                    return;
                continue; // photos arrived between the last batch and the switch's check
            }
            var embedded = new List<(BatchImage Image, AnalysedPhoto? Photo, List<StoredFace> Faces)>();
            try
            {
                foreach (var image in batch)
                    embedded.Add(await EmbedAsync(image, target, cancellationToken));
                var written = await WriteBatchAsync(run, target, embedded.Select(e => (e.Image.Id, e.Faces)).ToList(), cancellationToken);
                if (written is null)
                    return; // superseded while this batch ran
                foreach (var (image, photo, stored) in embedded.Where(e => e.Photo is not null && written.Kept.Contains(e.Image.Id)))
                    await cropMaker.StoreAsync(photo!, stored, [], cancellationToken);
                await progress(written.Total == 0 ? 100 : Math.Min(99, written.Done * 100 / written.Total));
            }
            finally
            {
                foreach (var (_, photo, _) in embedded)
                    photo?.Dispose();
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

    /// <summary>The photo's faces that pass quality, as rows of the target version; none for a photo gone from storage.</summary>
    private async Task<(BatchImage, AnalysedPhoto?, List<StoredFace>)> EmbedAsync(BatchImage image, int target, CancellationToken cancellationToken)
    {
        if (!Embedded.Contains(image.Outcome))
            return (image, null, []);
        AnalysedPhoto photo;
        try
        {
            photo = await cropMaker.AnalyzeAsync(image.StoredName, target, cancellationToken);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return (image, null, []); // deleted while queued: its row goes too, and the write below keeps nothing
        }
        var now = timeProvider.GetUtcNow();
        var stored = photo.Analysis.Faces.Where(f => f.Quality.Passed).Select(f => new StoredFace
        {
            GalleryId = image.GalleryId, ImageId = image.Id, X = f.Box.X, Y = f.Box.Y, Width = f.Box.Width, Height = f.Box.Height,
            DetectionScore = f.DetectionScore, Embedding = StoredFace.Pack(f.Embedding!), CreatedAt = now, PipelineVersion = target,
        }).ToList();
        return (image, photo, stored);
    }

    private sealed record BatchWritten(HashSet<Guid> Kept, int Done, int Total);

    /// <summary>Stores a batch's faces and moves its photos to the target version: the checkpoint. Null when the run was superseded.</summary>
    private async Task<BatchWritten?> WriteBatchAsync(Guid run, int target, List<(Guid ImageId, List<StoredFace> Faces)> batch, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var state = await PipelineVersions.TrackedAsync(db, cancellationToken);
        if (state.ReindexRunId != run || state.TargetVersion != target)
            return null;
        var ids = batch.Select(b => b.ImageId).ToList();
        // Deleted or erased since it was read: no row, nothing stored. Indexed again by its own job meanwhile (both versions): done already.
        var kept = (await db.GalleryImages.Where(i => ids.Contains(i.Id) && i.EmbeddedVersion != target).Select(i => i.Id).ToListAsync(cancellationToken)).ToHashSet();
        var stale = await db.Faces.Where(f => kept.Contains(f.ImageId) && f.PipelineVersion == target).Select(f => f.Id).ToListAsync(cancellationToken);
        await faces.StageRemovalAsync(db, stale, cancellationToken);
        await faces.StageAsync(db, batch.Where(b => kept.Contains(b.ImageId)).SelectMany(b => b.Faces).ToList(), cancellationToken);
        await db.GalleryImages.Where(i => kept.Contains(i.Id)).ExecuteUpdateAsync(s => s.SetProperty(i => i.EmbeddedVersion, target), cancellationToken);
        state.PhotosDone += batch.Count;
        state.PhotosTotal = state.PhotosDone + await db.GalleryImages.CountAsync(i => i.EmbeddedVersion != target, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await faces.PublishAsync(CancellationToken.None);
        return new BatchWritten(kept, state.PhotosDone, state.PhotosTotal);
    }

    /// <summary>
    /// Makes the target active and deletes the old version's faces in one transaction; false when photos are still to
    /// do. Crops of old faces that no candidate shows go too; a candidate's crop stays, as the reviewers saw it.
    /// </summary>
    private async Task<bool> SwitchAsync(Guid run, int from, int target, CancellationToken cancellationToken)
    {
        List<Guid> unshown;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        await using (var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken))
        {
            var state = await PipelineVersions.TrackedAsync(db, cancellationToken);
            if (state.ReindexRunId != run || state.TargetVersion != target)
                return true;
            if (await db.GalleryImages.AnyAsync(i => i.EmbeddedVersion != target, cancellationToken))
                return false;
            var old = await db.Faces.Where(f => f.PipelineVersion != target).Select(f => f.Id).ToListAsync(cancellationToken);
            var shown = (await db.Candidates.Where(c => old.Contains(c.FaceId)).Select(c => c.FaceId).Distinct().ToListAsync(cancellationToken)).ToHashSet();
            unshown = old.Where(id => !shown.Contains(id)).ToList();
            await faces.StageRemovalAsync(db, old, cancellationToken);
            (state.ActiveVersion, state.TargetVersion) = (target, null);
            await auditLog.AppendWithinAsync(db, "system", AuditActions.ReindexCompleted, $"reindex:{run}", string.Create(CultureInfo.InvariantCulture,
                $"Face pipeline version {target} active (was {from}): {state.PhotosDone} photo(s) re-embedded, {old.Count} face(s) of the old version deleted"),
                null, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        await faces.PublishAsync(CancellationToken.None);
        crops.Delete(unshown);
        return true;
    }

    private async Task AuditAsync(string action, Guid run, string details, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        await auditLog.AppendWithinAsync(db, "system", action, $"reindex:{run}", details, null, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
