using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Portal.Infrastructure.Persistence;

/// <summary>Brings the database to the current migration. Never EnsureCreated: migrations are the schema's history.</summary>
internal sealed partial class DatabaseInitialiser(
    IDbContextFactory<PortalDbContext> contextFactory,
    ILogger<DatabaseInitialiser> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (db.Database.GetDbConnection() is SqliteConnection sqlite)
        {
            EnsureFolderExists(sqlite.DataSource);
            // Both are properties of the file, fixed by the statement that first writes it (the switch to WAL), so the
            // page size goes first; on an existing file it changes nothing (docs/deployment.md says how to convert one).
            // 16 KB pages: a face row is about 2.2 KB, so a 4 KB page held one row and half the file was empty space,
            // and a start-up load read twice the bytes it needed (ADR 0013).
            await db.Database.ExecuteSqlRawAsync("PRAGMA page_size = 16384; PRAGMA journal_mode = WAL;", cancellationToken);
        }
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
            LogApplying(logger, pending.Count, string.Join(", ", pending));
        await db.Database.MigrateAsync(cancellationToken);
    }

    private static void EnsureFolderExists(string dataSource)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(folder))
            Directory.CreateDirectory(folder);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying {Count} migration(s): {Names}")]
    private static partial void LogApplying(ILogger logger, int count, string names);
}
