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
            // WAL is a property of the file: set once, it stays for every later connection.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken);
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
