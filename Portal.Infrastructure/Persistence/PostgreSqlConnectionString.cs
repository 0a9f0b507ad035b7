using Npgsql;

namespace Portal.Infrastructure.Persistence;

/// <summary>The operator's PostgreSQL connection string, with the portal's defaults where the operator set nothing.</summary>
internal static class PostgreSqlConnectionString
{
    /// <summary>
    /// 64 KB, where Npgsql's default is 8 KB. A process's start reads every face row (about 2.2 KB each): with 8 KB
    /// the buffer was refilled every three or four rows, and each refill arms a timeout timer under a lock, which
    /// was a third of the reading thread's time. 64 KB for each pooled connection is little beside a face index.
    /// </summary>
    public const int ReadBufferSize = 64 * 1024;

    public static string WithDefaults(string connectionString)
    {
        // Npgsql's own builder answers ContainsKey for any keyword it knows; the plain one says what the string holds.
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (given.ContainsKey("Read Buffer Size") || given.ContainsKey("ReadBufferSize"))
            return connectionString;
        return new NpgsqlConnectionStringBuilder(connectionString) { ReadBufferSize = ReadBufferSize }.ConnectionString;
    }
}
