using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Portal.Infrastructure.Persistence;

/// <summary>SQLite's write-ahead log after a deletion that must not linger on disk.</summary>
public static class WriteAheadLog
{
    /// <summary>
    /// The log still holds the pages as they were before the deletion (a secret in clear, an embedding) until it is reused:
    /// fold it into the database file, whose freed cells secure_delete zeroes, and empty it. A reader that keeps an old
    /// snapshot open can delay this (busy timeout); the pages then go at the next checkpoint. PostgreSQL has no such file.
    /// </summary>
    public static async Task ForgetOldPagesAsync(this DatabaseFacade database, CancellationToken cancellationToken = default)
    {
        if (database.IsSqlite())
            await database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken);
    }
}
