using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Portal.Domain.Faces;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Face;

/// <summary>
/// Streams every stored face of one pipeline version into an index within the caller's transaction: only the three columns a search needs,
/// read without an object per row (<see cref="IStoredFaceRows"/>) into two reused chunks. A process's start loads a million faces this way; an EF
/// projection allocated a 2 KB array and a vector per face, which cost about as much as the database's own work.
/// </summary>
internal static class FaceRows
{
    /// <summary>Returns the faces loaded; a face the index refuses (an embedding with a NaN) is reported to <paramref name="refused"/> and skipped.</summary>
    public static async Task<int> LoadAsync(PortalDbContext db, IFaceIndex index, int pipelineVersion, CancellationToken cancellationToken,
        Action<Guid, ArgumentException>? refused = null)
    {
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("Faces are loaded within a snapshot transaction.");
        await using var rows = await OpenAsync(db, SelectText(db, pipelineVersion), cancellationToken);
        // Two chunks take turns: the index encodes one on the other core while the next is read from the database.
        var (filling, encoding) = (new FaceChunk(), new FaceChunk());
        var pending = Task.CompletedTask;
        var count = 0;
        try
        {
            while (await rows.ReadAsync(cancellationToken))
            {
                if (!rows.AddTo(filling, refused))
                    continue; // one bad row must not keep every other face out of the index
                count++;
                if (!filling.IsFull)
                    continue;
                await pending;
                (filling, encoding) = (encoding, filling);
                pending = encoding.AddToAsync(index, cancellationToken);
            }
            await pending;
            await filling.AddToAsync(index, cancellationToken);
            return count;
        }
        finally
        {
            await pending.ContinueWith(_ => { }, TaskScheduler.Default); // never wipe a chunk the index is still reading
            filling.Wipe();
            encoding.Wipe();
        }
    }

    private static async Task<IStoredFaceRows> OpenAsync(PortalDbContext db, string selectText, CancellationToken cancellationToken)
    {
        if (db.Database.GetDbConnection() is SqliteConnection sqlite)
            return SqliteStoredFaceRows.Open(sqlite, selectText);
        // Through EF's command pipeline (not a bare DbCommand): the current transaction, logging and interceptors apply.
        var command = db.GetService<IRelationalCommandBuilderFactory>().Create().Append(selectText).Build();
        return new DataReaderStoredFaceRows(await command.ExecuteReaderAsync(new RelationalCommandParameterObject(
            db.GetService<IRelationalConnection>(), null, null, db, db.GetService<IRelationalCommandDiagnosticsLogger>()), cancellationToken));
    }

    /// <summary>Names from the model, quoted by the provider, so the text stays right on both databases.</summary>
    internal static string SelectText(PortalDbContext db, int pipelineVersion)
    {
        var faces = db.Model.FindEntityType(typeof(StoredFace))!;
        var sql = db.GetService<ISqlGenerationHelper>();
        string Column(string property) => sql.DelimitIdentifier(faces.FindProperty(property)!.GetColumnName());
        return $"SELECT {Column(nameof(StoredFace.Id))}, {Column(nameof(StoredFace.GalleryId))}, {Column(nameof(StoredFace.Embedding))} " +
               // An int written by the invariant culture: no text from outside reaches the statement.
               // The unary plus keeps SQLite off the version's index: nearly every row is read, and a walk of the index
               // looked each one up in the table again, twice the work of reading the table through (PostgreSQL's planner
               // makes that choice from its statistics; the plus changes nothing there).
               $"FROM {sql.DelimitIdentifier(faces.GetTableName()!)} WHERE +{Column(nameof(StoredFace.PipelineVersion))} = " +
               pipelineVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
