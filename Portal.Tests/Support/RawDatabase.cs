using Microsoft.Data.Sqlite;

namespace Portal.Tests.Support;

/// <summary>What someone who copies the database file reads: raw rows and raw bytes, past every service.</summary>
public static class RawDatabase
{
    public static string File(string dataDirectory) => Path.Combine(dataDirectory, "portal.db");

    public static async Task<List<string>> ColumnAsync(string dataDirectory, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={File(dataDirectory)};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            values.Add(reader.IsDBNull(0) ? "" : reader.GetString(0));
        return values;
    }

    /// <summary>Writes past every service, e.g. a row as an older version of the portal left it.</summary>
    public static async Task ExecuteAsync(string dataDirectory, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new SqliteConnection($"Data Source={File(dataDirectory)};Pooling=False;Default Timeout=30");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The database file and its write-ahead log, where recent writes still are.</summary>
    public static byte[] Bytes(string dataDirectory) =>
        [.. ReadShared(File(dataDirectory)), .. ReadShared(File(dataDirectory) + "-wal")];

    public static bool Contains(byte[] haystack, string text) =>
        haystack.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(text)) >= 0;

    private static byte[] ReadShared(string path)
    {
        if (!System.IO.File.Exists(path))
            return [];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
