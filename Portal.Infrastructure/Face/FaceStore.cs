using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Domain.Faces;
using Portal.Infrastructure.Common;
using Portal.Infrastructure.Crops;
using Portal.Infrastructure.Options;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Face;

/// <summary>
/// Writes faces and their change log entries in the caller's transaction. No index is changed out of order: every
/// process's replica (this one's included) applies the log in order, so none runs ahead of it or skips a change.
/// </summary>
public sealed class FaceStore(
    IDbContextFactory<PortalDbContext> contextFactory,
    FaceIndexReplica replica,
    FaceIndexReplicaService replicaService,
    CropFiles crops,
    IOptions<QueueOptions> queueOptions,
    Notifier<FacesChanged> faceChanges,
    TimeProvider timeProvider)
{
    /// <summary>
    /// Adds faces within the caller's transaction, logged as Added, each with its index code (<see cref="FaceCodes"/>)
    /// so that a starting process places it without encoding it again.
    /// </summary>
    public async Task StageAsync(PortalDbContext db, IReadOnlyList<StoredFace> faces, CancellationToken cancellationToken)
    {
        if (faces.Count == 0)
            return;
        var numbers = await FaceNumbers.TakeAsync(db, faces.Count, cancellationToken);
        for (var i = 0; i < faces.Count; i++)
            faces[i].Sequence = numbers[i];
        db.Faces.AddRange(faces);
        db.FaceCodes.AddRange(FaceCodeRows.For(faces));
        await FaceChangeLog.AppendAsync(db, FaceChangeKind.Added, faces.Select(f => (f.Id, f.GalleryId)), timeProvider.GetUtcNow(), cancellationToken);
    }

    /// <summary>
    /// Removes faces within the caller's transaction, logged as Removed; returns the removal's last log position
    /// (0 when there was nothing to remove), which <see cref="FaceReplicaReports.ReachAsync"/> follows to every replica.
    /// </summary>
    public async Task<long> StageRemovalAsync(PortalDbContext db, IReadOnlyCollection<Guid> faceIds, CancellationToken cancellationToken)
    {
        if (faceIds.Count == 0)
            return 0;
        var removed = await db.Faces.Where(f => faceIds.Contains(f.Id)).Select(f => new { f.Id, f.GalleryId }).ToListAsync(cancellationToken);
        await db.Faces.Where(f => faceIds.Contains(f.Id)).ExecuteDeleteAsync(cancellationToken);
        if (removed.Count == 0)
            return 0;
        await FaceChangeLog.AppendAsync(db, FaceChangeKind.Removed, removed.Select(f => (f.Id, f.GalleryId)), timeProvider.GetUtcNow(), cancellationToken);
        return db.ChangeTracker.Entries<FaceChange>().Max(e => e.Entity.Id);
    }

    /// <summary>
    /// After commit: other processes' replicas are told (through the relay on PostgreSQL; they poll otherwise), and
    /// where this process holds a replica (it runs workers) it applies the log up to this change now, in order, so
    /// this process's next search sees it; a failure leaves it to the replica's next poll.
    /// </summary>
    public async Task PublishAsync(CancellationToken cancellationToken = default)
    {
        await faceChanges.PublishAsync(new FacesChanged());
        if (!queueOptions.Value.RunWorkers)
            return;
        try
        {
            await replica.CatchUpAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            replicaService.Wake(); // committed already: the replica's own loop applies it
        }
    }

    /// <summary>Adds faces in their own transaction; they are in this process's index when it returns.</summary>
    public Task AddAsync(IReadOnlyList<StoredFace> faces, CancellationToken cancellationToken = default) =>
        CommitThenPublishAsync(db => StageAsync(db, faces, cancellationToken), cancellationToken);

    /// <summary>Removes faces in their own transaction; they are gone from this process's index when it returns.</summary>
    public async Task RemoveAsync(IReadOnlyCollection<Guid> faceIds, CancellationToken cancellationToken = default)
    {
        await CommitThenPublishAsync(db => StageRemovalAsync(db, faceIds, cancellationToken), cancellationToken);
        crops.Delete(faceIds);
    }

    private async Task CommitThenPublishAsync(Func<PortalDbContext, Task> stage, CancellationToken cancellationToken)
    {
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        await using (var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken))
        {
            await stage(db);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        await PublishAsync(cancellationToken);
    }
}
