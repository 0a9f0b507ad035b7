using Microsoft.EntityFrameworkCore;
using Portal.Domain.Faces;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Face;

/// <summary>
/// Writes the stored code (<see cref="FaceCodes"/>) of every face that lacks one of the current format and size: faces
/// stored before codes were kept, under an earlier format, or whose row was cut short. A face whose embedding the index
/// refuses gets the empty code that says so (<see cref="FaceCodes.IsRefusal"/>). Until then a starting process encodes those faces from their
/// embeddings, which is right but slower. Idempotent and resumable: each batch reads forward by the faces' sequence
/// and writes, under the portal's write lock, only the faces that still exist and still lack a code, so processes
/// running it at once or a stop halfway lose or duplicate nothing.
/// </summary>
public sealed class FaceCodeBackfill(IDbContextFactory<PortalDbContext> contextFactory)
{
    private const int BatchSize = 2_000;

    /// <summary>Returns how many codes were written.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var written = 0;
        var after = long.MinValue;
        while (true)
        {
            var batch = await NextBatchAsync(after, cancellationToken);
            if (batch.Count == 0)
                return written;
            written += await WriteAsync(batch, cancellationToken);
            after = batch[^1].Sequence;
        }
    }

    /// <summary>Read outside the write lock: walking past faces coded already can take a while on a large table.</summary>
    private async Task<List<StoredFace>> NextBatchAsync(long after, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Faces.AsNoTracking()
            .Where(f => f.Sequence > after && !db.FaceCodes.Any(c => c.FaceId == f.Id && c.Format == FaceCodes.Format && (c.Code.Length == FaceCodes.Bytes || c.Code.Length == 0)))
            .OrderBy(f => f.Sequence).Take(BatchSize)
            .Select(f => new StoredFace { Id = f.Id, Sequence = f.Sequence, GalleryId = f.GalleryId, PipelineVersion = f.PipelineVersion, Embedding = f.Embedding })
            .ToListAsync(cancellationToken);
    }

    private async Task<int> WriteAsync(List<StoredFace> batch, CancellationToken cancellationToken)
    {
        var ids = batch.Select(f => f.Id).ToList();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        // Deleted since the read (no row to hang a code on), or coded meanwhile by another process: left alone.
        var live = (await db.Faces.Where(f => ids.Contains(f.Id)).Select(f => f.Id).ToListAsync(cancellationToken)).ToHashSet();
        live.ExceptWith(await db.FaceCodes.Where(c => ids.Contains(c.FaceId) && c.Format == FaceCodes.Format && (c.Code.Length == FaceCodes.Bytes || c.Code.Length == 0))
            .Select(c => c.FaceId).ToListAsync(cancellationToken));
        await db.FaceCodes.Where(c => live.Contains(c.FaceId)).ExecuteDeleteAsync(cancellationToken); // an earlier format's rows, or cut short
        var codes = FaceCodeRows.For(batch.Where(f => live.Contains(f.Id))).ToList();
        db.FaceCodes.AddRange(codes);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return codes.Count;
    }
}
