using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Common;
using Portal.Domain.Common;
using Portal.Domain.Galleries;
using Portal.Domain.Moratoria;
using Portal.Domain.Organisations;
using Portal.Domain.Queue;
using Portal.Infrastructure.Crops;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Lifecycle;
using Portal.Infrastructure.Moratoria;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Queue;
using Portal.Infrastructure.Uploads;

namespace Portal.Infrastructure.Galleries;

/// <summary>Galleries of one organisation: create, upload into, delete; every query scoped to the actor's organisation.</summary>
public sealed class GalleryService(
    IDbContextFactory<PortalDbContext> contextFactory,
    GalleryAccess access,
    ImageIntake intake,
    UploadRateLimiter rateLimiter,
    FileStore files,
    CropFiles crops,
    FaceStore faces,
    FaceReplicaReports replicas,
    JobQueue queue,
    MoratoriumGate gate,
    AuditLog auditLog,
    TimeProvider timeProvider,
    Notifier<GalleriesChanged> galleryChanges,
    IDeletionLog deletionLog,
    Trash trash)
{
    public async Task<IReadOnlyList<GallerySummary>> ListAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        if (actor.OrganisationId is not { } organisationId)
            return [];
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var sharedIds = db.GalleryShares.Where(s => s.OrganisationId == organisationId).Select(s => s.GalleryId);
        var rows = await (from gallery in db.Galleries
                          join owner in db.Organisations on gallery.OrganisationId equals owner.Id
                          // Shared galleries of a suspended owner are withheld, as GalleryAccess withholds them from search.
                          where gallery.OrganisationId == organisationId || (sharedIds.Contains(gallery.Id) && owner.Status == OrganisationStatus.Approved)
                          // What is in the trash is invisible at once: the gallery itself, and photos trashed on their own.
                          where gallery.TrashedAt == null
                          select new
                          {
                              gallery, Owner = owner.Name,
                              Images = db.GalleryImages.Count(i => i.GalleryId == gallery.Id && i.TrashedAt == null),
                              Faces = db.GalleryImages.Where(i => i.GalleryId == gallery.Id && i.TrashedAt == null).Sum(i => (int?)i.IndexedFaces) ?? 0,
                              Pending = db.GalleryImages.Count(i => i.GalleryId == gallery.Id && i.TrashedAt == null && i.Outcome == ImageOutcome.Pending),
                          }).AsNoTracking().ToListAsync(cancellationToken);
        return rows.OrderBy(r => r.gallery.Name).Select(r => new GallerySummary(r.gallery.Id, r.gallery.Name, r.gallery.Description, r.gallery.Source,
            r.Owner, r.gallery.OrganisationId == organisationId, r.Images, r.Faces, r.Pending, r.gallery.CreatedAt)).ToList();
    }

    /// <summary>One gallery the actor may see; another organisation's unshared gallery is "not found", as a missing one.</summary>
    public async Task<Outcome<GallerySummary>> GetAsync(Actor actor, Guid galleryId, CancellationToken cancellationToken = default) =>
        (await ListAsync(actor, cancellationToken)).FirstOrDefault(g => g.Id == galleryId) is { } gallery
            ? Outcome<GallerySummary>.Ok(gallery)
            : Outcome<GallerySummary>.NotFound();

    /// <summary>A gallery's photos, newest first; "not found" like <see cref="GetAsync"/>.</summary>
    public async Task<Outcome<IReadOnlyList<GalleryImageView>>> ImagesAsync(Actor actor, Guid galleryId, CancellationToken cancellationToken = default)
    {
        if (actor.OrganisationId is not { } organisationId || !await access.CanReadAsync(organisationId, galleryId, cancellationToken))
            return Outcome<IReadOnlyList<GalleryImageView>>.NotFound();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return Outcome<IReadOnlyList<GalleryImageView>>.Ok(await (from image in db.GalleryImages
                      where image.GalleryId == galleryId && image.TrashedAt == null
                      join job in db.Jobs on image.JobId equals job.Id into jobs
                      from job in jobs.DefaultIfEmpty()
                      orderby image.UploadedAt descending
                      select new GalleryImageView(image.Id, image.DisplayName, image.Width, image.Height, image.UploadedAt, image.UploadedBy,
                          image.Outcome, image.IndexedFaces, image.OutcomeDetails, job == null ? null : job.State, job == null ? 0 : job.Progress))
            .AsNoTracking().ToListAsync(cancellationToken));
    }

    public async Task<Outcome<Guid>> CreateAsync(Actor actor, NewGallery request, CancellationToken cancellationToken = default)
    {
        if (actor.OrganisationId is not { } organisationId)
            return Outcome<Guid>.Forbidden("Only members of a partner organisation have galleries.");
        if (await RefusedAsync(actor, MoratoriumGate.Doors.GalleryUpload, cancellationToken) is { } refusal)
            return refusal.As<Guid>();
        if (Gallery.NameProblem(request.Name) is { } problem)
            return Outcome<Guid>.Invalid(problem);
        if (Gallery.DetailsProblem(request.Description, request.Source) is { } tooLong)
        {
            await auditLog.RecordAsync(actor.Name, AuditActions.GalleryRefused, "gallery:new", tooLong, organisationId, cancellationToken);
            return Outcome<Guid>.Invalid(tooLong);
        }
        var name = request.Name.Trim();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        // Under the write lock: two people creating the same name at once get one gallery and one clear refusal.
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        if (await db.Galleries.AnyAsync(g => g.OrganisationId == organisationId && g.Name == name, cancellationToken))
            return Outcome<Guid>.Conflict($"Your organisation already has a gallery named \"{name}\".");
        var gallery = new Gallery
        {
            OrganisationId = organisationId, Name = name, Description = request.Description.Trim(), Source = request.Source.Trim(),
            CreatedBy = actor.Name, CreatedAt = timeProvider.GetUtcNow(),
        };
        db.Galleries.Add(gallery);
        await auditLog.SaveWithEntryAsync(db, actor.Name, AuditActions.GalleryCreated, $"gallery:{gallery.Id}", $"\"{name}\" ({gallery.Source})", organisationId,
            cancellationToken);
        return Outcome<Guid>.Ok(gallery.Id);
    }

    /// <summary>
    /// Stores one photo and queues it for indexing, in one transaction: the job exists exactly when the photo
    /// does. A refused photo leaves nothing behind but an audit entry.
    /// </summary>
    public async Task<UploadResult> UploadAsync(Actor actor, Guid galleryId, Stream content, string? fileName, long? declaredBytes = null,
        CancellationToken cancellationToken = default)
    {
        var displayName = DisplayName.Clean(fileName);
        if (actor.OrganisationId is not { } organisationId || !await access.OwnsAsync(organisationId, galleryId, cancellationToken))
            return new UploadResult(displayName, OutcomeKind.NotFound, Outcome.NotFoundMessage, null);
        if (await RefusedAsync(actor, MoratoriumGate.Doors.GalleryUpload, cancellationToken) is { } refusal)
            return new UploadResult(displayName, refusal.Kind, refusal.Error!, null);
        if (!rateLimiter.TryTake(actor.UserId))
            return await RejectAsync(actor, galleryId, displayName, OutcomeKind.Blocked, "You uploaded too many photos in a short time; wait a few minutes.");

        var accepted = await intake.AcceptAsync(content, fileName, declaredBytes, cancellationToken);
        if (!accepted.Succeeded)
            return await RejectAsync(actor, galleryId, displayName, accepted.Kind, accepted.Error!);
        var file = accepted.Value!;
        try
        {
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
            var image = new GalleryImage
            {
                GalleryId = galleryId, OrganisationId = organisationId, DisplayName = file.DisplayName, StoredName = file.StoredName,
                OriginalSha256 = file.OriginalSha256, Width = file.Width, Height = file.Height, StoredBytes = file.StoredBytes,
                UploadedBy = actor.Name, UploadedAt = timeProvider.GetUtcNow(),
            };
            image.JobId = queue.Stage(db, JobKind.IndexGalleryImage, image.Id, organisationId, actor.UserId).Id;
            db.GalleryImages.Add(image);
            await auditLog.AppendWithinAsync(db, actor.Name, AuditActions.ImageUploaded, $"image:{image.Id}",
                $"photo image:{image.Id} uploaded into gallery {galleryId}; {file.Width}x{file.Height}", organisationId, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            queue.Signal();
            return new UploadResult(file.DisplayName, OutcomeKind.Done, PhotoState.JustStored.Detail, image.Id);
        }
        catch
        {
            files.Delete(file.StoredName);
            throw;
        }
    }

    /// <summary>Deletes a photo: it goes to the trash (<see cref="Trash"/>); the value is when it will be deleted for good.</summary>
    public Task<Outcome<DateTimeOffset>> DeleteImageAsync(Actor actor, Guid imageId, CancellationToken cancellationToken = default) =>
        trash.MoveAsync(actor, TrashKind.Photo, imageId, cancellationToken);

    /// <summary>Deletes a gallery: it goes to the trash (<see cref="Trash"/>); the value is when it will be deleted for good.</summary>
    public Task<Outcome<DateTimeOffset>> DeleteGalleryAsync(Actor actor, Guid galleryId, CancellationToken cancellationToken = default) =>
        trash.MoveAsync(actor, TrashKind.Gallery, galleryId, cancellationToken);

    /// <summary>
    /// Erases a photo with its faces at once, bypassing the trash: the removal the purge runs once the trash's grace is over
    /// (pages never call it). The value says whether every live search index has dropped them yet.
    /// </summary>
    internal async Task<Outcome<string>> PurgeImageAsync(Actor actor, Guid imageId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var image = await db.GalleryImages.FirstOrDefaultAsync(i => i.Id == imageId && i.OrganisationId == actor.OrganisationId, cancellationToken);
        if (image is null)
            return Outcome<string>.NotFound();
        var reach = await RemoveImagesAsync(db, [image], new DeletionRecord { Cause = AuditActions.ImageDeleted }, () => auditLog.AppendWithinAsync(db, actor.Name, AuditActions.ImageDeleted, $"image:{image.Id}",
            $"photo image:{image.Id} deleted from gallery {image.GalleryId} with its faces", image.OrganisationId));
        await galleryChanges.PublishAsync(new GalleriesChanged(image.GalleryId));
        return Outcome<string>.Ok(reach);
    }

    /// <summary>Erases a gallery with its photos and faces at once, as <see cref="PurgeImageAsync"/> does a photo.</summary>
    internal async Task<Outcome<string>> PurgeGalleryAsync(Actor actor, Guid galleryId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var gallery = await db.Galleries.FirstOrDefaultAsync(g => g.Id == galleryId && g.OrganisationId == actor.OrganisationId, cancellationToken);
        if (gallery is null)
            return Outcome<string>.NotFound();
        // Untracked: the rows are deleted in bulk below, and tracked ones would make removing the gallery "sever" them (it threw).
        var images = await db.GalleryImages.AsNoTracking().Where(i => i.GalleryId == galleryId).ToListAsync(cancellationToken);
        var reach = await RemoveImagesAsync(db, images, new DeletionRecord { Cause = AuditActions.GalleryDeleted, GalleryIds = [galleryId] }, () =>
        {
            db.Galleries.Remove(gallery);
            return auditLog.AppendWithinAsync(db, actor.Name, AuditActions.GalleryDeleted, $"gallery:{galleryId}",
                $"\"{gallery.Name}\" deleted with {images.Count} photo(s) and their faces", gallery.OrganisationId);
        });
        await galleryChanges.PublishAsync(new GalleriesChanged(galleryId));
        return Outcome<string>.Ok(reach);
    }

    /// <summary>
    /// Faces (database and index), queued work, rows, then files (photos and face crops): nothing of a deleted photo
    /// stays searchable or viewable.
    /// <paramref name="within"/> adds the caller's audit entry (and anything else) to the same transaction.
    /// Returns, in words, whether every live search process has applied the removal yet.
    /// What was destroyed goes to the deletion log (<paramref name="deletion"/> completed with the ids) after the commit and
    /// before the files go, so a restore of an older backup destroys it again.
    /// </summary>
    private async Task<string> RemoveImagesAsync(PortalDbContext db, IReadOnlyList<GalleryImage> images, DeletionRecord deletion, Func<Task> within)
    {
        var imageIds = images.Select(i => i.Id).ToList();
        var jobIds = images.Select(i => i.JobId).ToList();
        long removal;
        await using (var transaction = await db.Database.BeginWriteTransactionAsync())
        {
            var faceIds = await db.Faces.Where(f => imageIds.Contains(f.ImageId)).Select(f => f.Id).ToListAsync();
            removal = await faces.StageRemovalAsync(db, faceIds, CancellationToken.None);
            await queue.StopAsync(db, jobIds, CancellationToken.None);
            await db.GalleryImages.Where(i => imageIds.Contains(i.Id)).ExecuteDeleteAsync();
            await within();
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
            await faces.PublishAsync(CancellationToken.None);
            await deletionLog.AppendAsync(deletion with
            {
                StoredNames = images.Select(i => i.StoredName).ToList(), FaceIds = faceIds, CropIds = faceIds, ImageIds = imageIds,
            }, CancellationToken.None);
            crops.Delete(faceIds);
        }
        foreach (var image in images)
            files.Delete(image.StoredName);
        return removal == 0 ? "Deleted." : RemovalReach.Describe(await replicas.ReachAsync(removal));
    }

    private Task<Outcome?> RefusedAsync(Actor actor, string door, CancellationToken cancellationToken) =>
        gate.StaffRefusalAsync(actor, door, cancellationToken);

    private async Task<UploadResult> RejectAsync(Actor actor, Guid galleryId, string displayName, OutcomeKind kind, string reason)
    {
        await auditLog.RecordAsync(actor.Name, AuditActions.UploadRejected, $"gallery:{galleryId}", $"a photo refused: {reason}", actor.OrganisationId);
        return new UploadResult(displayName, kind, reason, null);
    }
}
