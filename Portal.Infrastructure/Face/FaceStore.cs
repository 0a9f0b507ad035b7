using Microsoft.EntityFrameworkCore;
using Portal.Domain.Faces;
using Portal.Infrastructure.Crops;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Face;

/// <summary>
/// Keeps the database and this process's index in step. Faces are written to the database first, then to
/// memory; removals are logged, so any other process sharing the database catches up before it searches.
/// </summary>
public sealed class FaceStore(IDbContextFactory<PortalDbContext> contextFactory, IFaceIndex index, CropFiles crops)
{
    private readonly SemaphoreSlim _catchUp = new(1, 1);
    private long _lastFace;
    private long _lastRemoval;

    /// <summary>Adds faces within the caller's transaction; the index learns of them once <see cref="Publish"/> is called after commit.</summary>
    public static async Task StageAsync(PortalDbContext db, IReadOnlyList<StoredFace> faces, CancellationToken cancellationToken)
    {
        if (faces.Count == 0)
            return;
        var next = (await db.Faces.MaxAsync(f => (long?)f.Sequence, cancellationToken) ?? 0) + 1;
        foreach (var face in faces)
            face.Sequence = next++;
        db.Faces.AddRange(faces);
    }

    /// <summary>Removes faces within the caller's transaction and logs the removal for other processes.</summary>
    public static async Task StageRemovalAsync(PortalDbContext db, IReadOnlyCollection<Guid> faceIds, CancellationToken cancellationToken)
    {
        if (faceIds.Count == 0)
            return;
        await db.Faces.Where(f => faceIds.Contains(f.Id)).ExecuteDeleteAsync(cancellationToken);
        db.FaceRemovals.AddRange(faceIds.Select(id => new FaceRemoval { FaceId = id }));
    }

    /// <summary>After commit: the faces this process added or removed, visible to its next search.</summary>
    public void Publish(IReadOnlyList<StoredFace> added, IReadOnlyCollection<Guid> removed)
    {
        index.Remove(removed);
        foreach (var face in added)
            index.Upsert(new IndexedFace(face.Id, face.GalleryId, face.EmbeddingVector()));
    }

    public async Task AddAsync(IReadOnlyList<StoredFace> faces, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        await StageAsync(db, faces, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        Publish(faces, []);
    }

    public async Task RemoveAsync(IReadOnlyCollection<Guid> faceIds, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        await StageRemovalAsync(db, faceIds, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        Publish([], faceIds);
        crops.Delete(faceIds);
    }

    /// <summary>Fills the index from the database; run once at start.</summary>
    public Task<int> LoadAsync(CancellationToken cancellationToken = default) => CatchUpAsync(cancellationToken);

    /// <summary>
    /// Applies what other processes added or removed since the last call. Cheap when nothing changed (two
    /// indexed lookups); a worker calls it before every search.
    /// </summary>
    public async Task<int> CatchUpAsync(CancellationToken cancellationToken = default)
    {
        await _catchUp.WaitAsync(cancellationToken);
        try
        {
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
            var removalsBefore = _lastRemoval;
            var removals = await db.FaceRemovals.AsNoTracking().Where(r => r.Id > removalsBefore).OrderBy(r => r.Id).ToListAsync(cancellationToken);
            var count = 0;
            var faceBefore = _lastFace;
            await foreach (var face in db.Faces.AsNoTracking().Where(f => f.Sequence > faceBefore).OrderBy(f => f.Sequence)
                               .AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                index.Upsert(new IndexedFace(face.Id, face.GalleryId, face.EmbeddingVector()));
                _lastFace = face.Sequence;
                count++;
            }
            if (removals.Count > 0)
            {
                index.Remove(removals.Select(r => r.FaceId).ToList());
                _lastRemoval = removals[^1].Id;
            }
            return count;
        }
        finally
        {
            _catchUp.Release();
        }
    }
}
