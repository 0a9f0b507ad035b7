using System.Buffers.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Portal.Infrastructure.Face;

/// <summary>
/// Reads a load's rows with SQLite's own statement on the context's connection, inside its open transaction, so the
/// snapshot is the same. Microsoft.Data.Sqlite hands a blob out only as a new array (or through a stream that looks up
/// the column's table on every row), and a Guid by way of a new string: for a million faces that was 2 GB of
/// short-lived arrays, and the page faults of the memory they passed through were most of the load's kernel time.
/// Here the bytes are read where SQLite holds them and copied once, into the chunk.
/// </summary>
internal sealed class SqliteStoredFaceRows : IStoredFaceRows
{
    private readonly sqlite3 _database;
    private readonly sqlite3_stmt _statement;

    private SqliteStoredFaceRows(sqlite3 database, sqlite3_stmt statement) => (_database, _statement) = (database, statement);

    public static SqliteStoredFaceRows Open(SqliteConnection connection, string selectText)
    {
        var database = connection.Handle ?? throw new InvalidOperationException("Faces are loaded on an open connection.");
        var result = raw.sqlite3_prepare_v2(database, selectText, out var statement);
        if (result != raw.SQLITE_OK)
        {
            statement.Dispose();
            throw Failure(database, result);
        }
        return new SqliteStoredFaceRows(database, statement);
    }

    public ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return raw.sqlite3_step(_statement) switch
        {
            raw.SQLITE_ROW => ValueTask.FromResult(true),
            raw.SQLITE_DONE => ValueTask.FromResult(false),
            var result => throw Failure(_database, result),
        };
    }

    public bool AddTo(IFaceChunk chunk, Action<Guid, ArgumentException>? refused) =>
        chunk.Add(GuidAt(0), GuidAt(1), raw.sqlite3_column_blob(_statement, 2), refused);

    /// <summary>EF Core stores a Guid as upper-case text; a Guid bound as a parameter by other code is a 16-byte blob.</summary>
    private Guid GuidAt(int column)
    {
        // The type first: asking for the bytes of a text value converts nothing, but the type is only defined before.
        var type = raw.sqlite3_column_type(_statement, column);
        var bytes = raw.sqlite3_column_blob(_statement, column);
        if (type == raw.SQLITE_BLOB && bytes.Length == 16)
            return new Guid(bytes);
        if (type == raw.SQLITE_TEXT && Utf8Parser.TryParse(bytes, out Guid id, out var used) && used == bytes.Length)
            return id;
        throw new FormatException($"A stored face's column {column} holds no identifier: the faces cannot be loaded.");
    }

    private static SqliteException Failure(sqlite3 database, int result) =>
        new($"Loading the faces failed: {raw.sqlite3_errmsg(database).utf8_to_string()}", result);

    public ValueTask DisposeAsync()
    {
        _statement.Dispose();
        return ValueTask.CompletedTask;
    }
}
