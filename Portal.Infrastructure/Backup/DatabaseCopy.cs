using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Portal.Domain.Common;
using Portal.Infrastructure.Options;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Backup;

/// <summary>
/// The database half of a backup. SQLite: the online backup API, a consistent copy while the portal keeps writing
/// (a plain file copy could catch a page half written, or miss what still sits in the WAL). PostgreSQL: pg_dump -Fc.
/// </summary>
public sealed class DatabaseCopy(IOptions<DatabaseOptions> options, DataPaths paths)
{
    public const string SqliteFile = "database/portal.db";
    public const string DumpFile = "database/portal.dump";

    private DatabaseOptions Database => options.Value;

    public string Provider => Database.Provider.ToString();

    /// <summary>Why there is nothing to back up, or null. Asked first: opening a missing SQLite file would create an empty one.</summary>
    public string? NothingToBackUp() =>
        Database.Provider == DatabaseProvider.Sqlite && !File.Exists(paths.Database) ? $"There is no database at {paths.Database}: nothing to back up." : null;

    /// <summary>Writes the copy into the backup folder; the relative path written.</summary>
    public async Task<Outcome<string>> SaveAsync(string folder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.Combine(folder, "database"));
        if (Database.Provider == DatabaseProvider.PostgreSQL)
        {
            var pgDump = PostgreSqlTools.Find("pg_dump");
            if (pgDump is null)
                return Outcome<string>.Invalid(PostgreSqlTools.Missing("pg_dump"));
            var failed = await PostgreSqlTools.RunAsync(pgDump, Database.ConnectionString!, ["-Fc", "--no-owner", "-f", Path.Combine(folder, DumpFile)], cancellationToken);
            return failed is null ? Outcome<string>.Ok(DumpFile) : Outcome<string>.Invalid(failed);
        }
        await using (var source = new SqliteConnection($"Data Source={paths.Database};Mode=ReadOnly;Pooling=False;Default Timeout=30"))
        await using (var target = new SqliteConnection($"Data Source={Path.Combine(folder, SqliteFile)};Pooling=False"))
        {
            await source.OpenAsync(cancellationToken);
            await target.OpenAsync(cancellationToken);
            source.BackupDatabase(target);
        }
        return Outcome<string>.Ok(SqliteFile);
    }

    /// <summary>Puts the copy back: the SQLite file in place of the data directory's, or pg_restore over the configured database.</summary>
    public async Task<Outcome> RestoreAsync(string folder, CancellationToken cancellationToken)
    {
        if (Database.Provider == DatabaseProvider.PostgreSQL)
        {
            var pgRestore = PostgreSqlTools.Find("pg_restore");
            if (pgRestore is null)
                return Outcome.Invalid(PostgreSqlTools.Missing("pg_restore"));
            var failed = await PostgreSqlTools.RunAsync(pgRestore, Database.ConnectionString!,
                ["--clean", "--if-exists", "--no-owner", "--single-transaction", "-d", new Npgsql.NpgsqlConnectionStringBuilder(Database.ConnectionString).Database!,
                    Path.Combine(folder, DumpFile)], cancellationToken);
            return failed is null ? Outcome.Ok : Outcome.Invalid(failed);
        }
        SqliteConnection.ClearAllPools();
        Directory.CreateDirectory(paths.Root);
        foreach (var stale in new[] { paths.Database + "-wal", paths.Database + "-shm" })
            File.Delete(stale);
        File.Copy(Path.Combine(folder, SqliteFile), paths.Database, overwrite: true);
        return Outcome.Ok;
    }
}
