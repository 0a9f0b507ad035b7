using Microsoft.EntityFrameworkCore;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Face;

/// <summary>
/// Where a stored face's number (<see cref="Portal.Domain.Faces.StoredFace.Sequence"/>) comes from. On PostgreSQL it
/// is a database sequence: unique across every process without a lock, and never handed out twice, not even after the
/// highest-numbered face is deleted. SQLite has no sequences; its database has one writer, and MAX+1 inside that
/// writer's transaction (<see cref="WriteTransactions"/>) is unique.
/// </summary>
internal static class FaceNumbers
{
    /// <summary>The PostgreSQL sequence's name (created by the PostgreSQL migration FaceSequence).</summary>
    public const string SequenceName = "FaceSequence";

    public static async Task<IReadOnlyList<long>> TakeAsync(PortalDbContext db, int count, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
            return await db.Database
                .SqlQuery<long>($"SELECT nextval('\"FaceSequence\"') AS \"Value\" FROM generate_series(1, {count}) ORDER BY 1")
                .ToListAsync(cancellationToken);
        var last = await db.Faces.MaxAsync(f => (long?)f.Sequence, cancellationToken) ?? 0;
        return Enumerable.Range(1, count).Select(offset => last + offset).ToList();
    }
}
