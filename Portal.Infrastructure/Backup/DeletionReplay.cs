using Microsoft.EntityFrameworkCore;
using Portal.Infrastructure.Crops;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Lifecycle;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Queue;
using Portal.Infrastructure.Uploads;

namespace Portal.Infrastructure.Backup;

/// <summary>
/// Destroys again, after a restore, what the deletion log says was destroyed after the backup: faces (with their
/// change-log entries, so every replica drops them), queued work, photo and gallery rows, a purged case's text, crops and files;
/// and makes again each move into or out of the trash made after the backup (<see cref="TrashChange"/>). Each step is idempotent: what is already gone is simply not found, so a replay may run twice.
/// </summary>
public sealed class DeletionReplay(
    IDbContextFactory<PortalDbContext> contextFactory, FaceStore faces, JobQueue queue, FileStore files, CropFiles crops)
{
    public async Task ApplyAsync(DeletionRecord record, CancellationToken cancellationToken = default)
    {
        List<Guid> faceIds;
        List<string> storedNames;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        await using (var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken))
        {
            var images = await db.GalleryImages.Where(i => record.ImageIds.Contains(i.Id) || record.GalleryIds.Contains(i.GalleryId))
                .Select(i => new { i.Id, i.StoredName, i.JobId }).ToListAsync(cancellationToken);
            var imageIds = images.Select(i => i.Id).ToList();
            faceIds = await db.Faces.Where(f => record.FaceIds.Contains(f.Id) || imageIds.Contains(f.ImageId) || record.GalleryIds.Contains(f.GalleryId))
                .Select(f => f.Id).ToListAsync(cancellationToken);
            await faces.StageRemovalAsync(db, faceIds, cancellationToken);
            await queue.StopAsync(db, images.Select(i => i.JobId).ToList(), cancellationToken);
            await db.GalleryImages.Where(i => imageIds.Contains(i.Id)).ExecuteDeleteAsync(cancellationToken);
            // Tracked and removed as GalleryService does, so the model's cascades (shares, case links) apply the same way.
            db.Galleries.RemoveRange(await db.Galleries.Where(g => record.GalleryIds.Contains(g.Id)).ToListAsync(cancellationToken));
            // A purged case comes back from an older backup with its photo names and notes: blank them again.
            await CaseProbeData.BlankAsync(db, db.Probes.Where(p => record.CaseIds.Contains(p.CaseId)), db.Cases.Where(c => record.CaseIds.Contains(c.Id)),
                record.At, cancellationToken);
            if (record.Trash is { } change)
                await TrashItems.ReplayAsync(db, change, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            storedNames = images.Select(i => i.StoredName).ToList();
        }
        await faces.PublishAsync(cancellationToken);
        crops.Delete(faceIds.Concat(record.FaceIds).Concat(record.CropIds).Distinct());
        foreach (var name in storedNames.Concat(record.StoredNames).Distinct().Where(FileStore.IsStoredName))
            files.Delete(name);
    }
}
