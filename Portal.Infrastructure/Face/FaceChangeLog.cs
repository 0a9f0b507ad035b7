using Microsoft.EntityFrameworkCore;
using Portal.Domain.Faces;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Face;

/// <summary>
/// The one place where face change log positions are assigned and read. Positions must follow commit order: a
/// replica that has applied position N must never later meet a change below N.
/// </summary>
internal static class FaceChangeLog
{
    /// <summary>
    /// Appends changes within the caller's write transaction. MAX+1 is in commit order because that transaction
    /// holds the portal's one write lock from its start to its commit: BEGIN IMMEDIATE on SQLite, the
    /// transaction-scoped advisory lock on PostgreSQL (<see cref="WriteTransactions"/>). Replicas never expect
    /// contiguous positions, so a database sequence (gaps on rollback) can take MAX+1's place without changing them.
    /// </summary>
    public static async Task AppendAsync(PortalDbContext db, FaceChangeKind kind, IEnumerable<(Guid FaceId, Guid GalleryId)> faces,
        DateTimeOffset at, CancellationToken cancellationToken)
    {
        var next = await NextPositionAsync(db, cancellationToken);
        foreach (var (faceId, galleryId) in faces)
            db.Set<FaceChange>().Add(new FaceChange { Id = next++, Kind = kind, FaceId = faceId, GalleryId = galleryId, At = at });
    }

    /// <summary>The last position committed, as seen by the caller's transaction (0 for an empty log).</summary>
    public static async Task<long> CommittedPositionAsync(PortalDbContext db, CancellationToken cancellationToken) =>
        await db.Set<FaceChange>().MaxAsync(c => (long?)c.Id, cancellationToken) ?? 0;

    private static async Task<long> NextPositionAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        // Changes staged earlier in this transaction (a re-index removes, then adds) are not saved yet.
        var staged = db.ChangeTracker.Entries<FaceChange>().Where(e => e.State == EntityState.Added).Select(e => e.Entity.Id).DefaultIfEmpty(0).Max();
        return Math.Max(await CommittedPositionAsync(db, cancellationToken), staged) + 1;
    }
}
