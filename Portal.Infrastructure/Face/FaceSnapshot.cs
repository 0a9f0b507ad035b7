using System.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Face;

/// <summary>A read-only transaction whose reads all see one committed state: the faces and the log position they match.</summary>
internal static class FaceSnapshot
{
    public static Task<IDbContextTransaction> BeginAsync(PortalDbContext db, CancellationToken cancellationToken) =>
        // SQLite: ReadUncommitted makes Microsoft.Data.Sqlite issue a deferred BEGIN (no write lock, so writers carry
        // on); under WAL the first read fixes the snapshot for the rest of the transaction (read_uncommitted only
        // matters with a shared cache, which the portal does not use). Elsewhere RepeatableRead is a snapshot.
        db.Database.BeginTransactionAsync(db.Database.IsSqlite() ? IsolationLevel.ReadUncommitted : IsolationLevel.RepeatableRead, cancellationToken);
}
