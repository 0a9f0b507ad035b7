using Microsoft.EntityFrameworkCore;
using Portal.Domain.Faces;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Face;

/// <summary>
/// Keeps the database and this process's index in step: faces are written to the database first, then to
/// memory, so the index never holds a face the database would not give back after a restart.
/// </summary>
public sealed class FaceStore(IDbContextFactory<PortalDbContext> contextFactory, IFaceIndex index)
{
    public async Task AddAsync(IReadOnlyList<StoredFace> faces, CancellationToken cancellationToken = default)
    {
        if (faces.Count == 0)
            return;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var next = (await db.Faces.MaxAsync(f => (long?)f.Sequence, cancellationToken) ?? 0) + 1;
        foreach (var face in faces)
            face.Sequence = next++;
        db.Faces.AddRange(faces);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        foreach (var face in faces)
            index.Upsert(new IndexedFace(face.Id, face.GalleryId, face.EmbeddingVector()));
    }

    public async Task RemoveAsync(IReadOnlyCollection<Guid> faceIds, CancellationToken cancellationToken = default)
    {
        if (faceIds.Count == 0)
            return;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await db.Faces.Where(f => faceIds.Contains(f.Id)).ExecuteDeleteAsync(cancellationToken);
        index.Remove(faceIds);
    }

    /// <summary>Fills the index from the database; run once at start.</summary>
    public async Task<int> LoadAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var count = 0;
        await foreach (var face in db.Faces.AsNoTracking().OrderBy(f => f.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            index.Upsert(new IndexedFace(face.Id, face.GalleryId, face.EmbeddingVector()));
            count++;
        }
        return count;
    }
}
