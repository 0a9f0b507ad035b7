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
    /// <summary>
    /// Loads from the stored codes where the index takes them (<see cref="FaceCodes"/>), and encodes from the embedding
    /// only the faces with no usable code of the current format: those written before codes were kept, or by an
    /// earlier format. A face the index refuses (an embedding with a NaN) is reported to <paramref name="refused"/> and skipped.
    /// </summary>
    public static async Task<FaceLoad> LoadAsync(PortalDbContext db, IFaceIndex index, int pipelineVersion, CancellationToken cancellationToken,
        Action<Guid, ArgumentException>? refused = null)
    {
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("Faces are loaded within a snapshot transaction.");
        if (index is not ICodedFaceIndex { TakesCodes: true } coded)
        {
            var all = await StreamAsync(db, SelectText(db, pipelineVersion), new FaceChunk(index), new FaceChunk(index), refused, cancellationToken);
            return new FaceLoad(all, all);
        }
        var (first, second) = (new CodeChunk(coded), new CodeChunk(coded));
        var fromCodes = await StreamAsync(db, CodesSelectText(db, pipelineVersion), first, second, refused, cancellationToken);
        var unusable = first.Unusable.Concat(second.Unusable).ToList();
        var refusedBefore = first.Refused.Concat(second.Refused).ToList();
        // Counted by the version's index, so a load that found every code reads no embedding at all.
        var faces = await db.Faces.CountAsync(f => f.PipelineVersion == pipelineVersion, cancellationToken);
        var encoded = 0;
        if (fromCodes + unusable.Count + refusedBefore.Count < faces)
            encoded += await StreamAsync(db, WithoutCodesSelectText(db, pipelineVersion), new FaceChunk(index), new FaceChunk(index), refused, cancellationToken);
        // A face refused when stored is offered to the index again, so that its refusal is reported at every start.
        if (unusable.Count + refusedBefore.Count > 0)
            encoded += await EncodeAsync(db, index, pipelineVersion, [.. unusable, .. refusedBefore], refused, cancellationToken);
        return new FaceLoad(fromCodes + encoded, faces - fromCodes - refusedBefore.Count);
    }

    /// <summary>Reads the rows of <paramref name="selectText"/> into two chunks that take turns, and returns how many the index took.</summary>
    private static async Task<int> StreamAsync(PortalDbContext db, string selectText, IFaceChunk filling, IFaceChunk adding,
        Action<Guid, ArgumentException>? refused, CancellationToken cancellationToken)
    {
        await using var rows = await OpenAsync(db, selectText, cancellationToken);
        // Two chunks take turns: the index takes one on the other core while the next is read from the database.
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
                (filling, adding) = (adding, filling);
                pending = adding.AddToIndexAsync(cancellationToken);
            }
            await pending;
            await filling.AddToIndexAsync(cancellationToken);
            return count;
        }
        finally
        {
            await pending.ContinueWith(_ => { }, TaskScheduler.Default); // never wipe a chunk the index is still reading
            filling.Wipe();
            adding.Wipe();
        }
    }

    /// <summary>The faces whose stored code could not be used, read by id and encoded: a damaged row, so rare and few.</summary>
    private static async Task<int> EncodeAsync(PortalDbContext db, IFaceIndex index, int pipelineVersion, List<Guid> faceIds,
        Action<Guid, ArgumentException>? refused, CancellationToken cancellationToken)
    {
        var chunk = new FaceChunk(index);
        var count = 0;
        try
        {
            foreach (var ids in faceIds.Chunk(500))
            {
                var rows = await db.Faces.AsNoTracking().Where(f => ids.Contains(f.Id) && f.PipelineVersion == pipelineVersion)
                    .Select(f => new { f.Id, f.GalleryId, f.Embedding }).ToListAsync(cancellationToken);
                foreach (var row in rows)
                {
                    if (!chunk.Add(row.Id, row.GalleryId, row.Embedding, refused))
                        continue;
                    count++;
                    if (chunk.IsFull)
                        await chunk.AddToIndexAsync(cancellationToken);
                }
            }
            await chunk.AddToIndexAsync(cancellationToken);
            return count;
        }
        finally
        {
            chunk.Wipe();
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
    internal static string SelectText(PortalDbContext db, int pipelineVersion) => FacesSelectText(db, pipelineVersion, "");

    /// <summary>
    /// The faces of the version with no stored code of the current format. Numbers are ints written by the invariant
    /// culture: no text from outside reaches the statement.
    /// </summary>
    internal static string WithoutCodesSelectText(PortalDbContext db, int pipelineVersion)
    {
        var (codes, column) = Names<StoredFaceCode>(db);
        var (_, faceColumn) = Names<StoredFace>(db);
        return FacesSelectText(db, pipelineVersion, $" AND NOT EXISTS (SELECT 1 FROM {codes} WHERE {column(nameof(StoredFaceCode.FaceId))} = " +
            $"{faceColumn(nameof(StoredFace.Id))} AND {column(nameof(StoredFaceCode.Format))} = {Invariant(FaceCodes.Format)} AND " +
            $"{column(nameof(StoredFaceCode.PipelineVersion))} = {Invariant(pipelineVersion)})");
    }

    /// <summary>The version's stored codes of the current format: the whole table but old-format and other-version rows, read straight through.</summary>
    internal static string CodesSelectText(PortalDbContext db, int pipelineVersion)
    {
        var (codes, column) = Names<StoredFaceCode>(db);
        return $"SELECT {column(nameof(StoredFaceCode.FaceId))}, {column(nameof(StoredFaceCode.GalleryId))}, {column(nameof(StoredFaceCode.Code))} " +
               $"FROM {codes} WHERE {column(nameof(StoredFaceCode.PipelineVersion))} = {Invariant(pipelineVersion)} AND " +
               $"{column(nameof(StoredFaceCode.Format))} = {Invariant(FaceCodes.Format)}";
    }

    /// <summary>A table's name and a way to name its columns (qualified by the table, so a subquery cannot mistake them).</summary>
    private static (string Table, Func<string, string> Column) Names<TEntity>(PortalDbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(TEntity))!;
        var sql = db.GetService<ISqlGenerationHelper>();
        var table = sql.DelimitIdentifier(entity.GetTableName()!);
        return (table, property => $"{table}.{sql.DelimitIdentifier(entity.FindProperty(property)!.GetColumnName())}");
    }

    private static string Invariant(int number) => number.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string FacesSelectText(PortalDbContext db, int pipelineVersion, string condition)
    {
        var (table, column) = Names<StoredFace>(db);
        return $"SELECT {column(nameof(StoredFace.Id))}, {column(nameof(StoredFace.GalleryId))}, {column(nameof(StoredFace.Embedding))} " +
               // The unary plus keeps SQLite off the version's index: nearly every row is read, and a walk of the index
               // looked each one up in the table again, twice the work of reading the table through (PostgreSQL's planner
               // makes that choice from its statistics; the plus changes nothing there).
               $"FROM {table} WHERE +{column(nameof(StoredFace.PipelineVersion))} = {Invariant(pipelineVersion)}{condition}";
    }
}

/// <summary>What a load did: the faces now in the index, and how many of the version's faces had no usable stored code.</summary>
internal readonly record struct FaceLoad(int Loaded, int WithoutCodes);
