using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Persistence;

/// <summary>Every write transaction is opened one way, and on PostgreSQL it holds the portal's write lock.</summary>
public sealed partial class WriteTransactionTests
{
    [Fact]
    public void NoCodeOpensAWriteTransactionButThroughBeginWriteTransaction()
    {
        var offenders = new[] { "Portal.Infrastructure", "Portal.Web" }
            .SelectMany(project => Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, project), "*.cs", SearchOption.AllDirectories))
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            // The two other transactions, which must not take the write lock: the face replica's read-only snapshot, and
            // the PostgreSQL queue claim (one job row under FOR UPDATE SKIP LOCKED plus the evaluation-claim advisory
            // lock; no audit entry), which would otherwise make every worker's claim wait behind every write (ADR 0008).
            .Where(file => Path.GetFileName(file) is not ("WriteTransactions.cs" or "FaceSnapshot.cs" or "JobQueue.Rows.cs"))
            .Where(file => BeginTransaction().IsMatch(File.ReadAllText(file)))
            .Select(file => Path.GetRelativePath(RepositoryRoot.Path, file))
            .ToList();

        Assert.Empty(offenders);
    }

    [PostgreSqlFact]
    public async Task AWriteTransactionOnPostgreSqlHoldsThePortalWriteLockUntilItEnds()
    {
        using var data = new TempDirectory();
        var database = await TestDatabase.PostgreSqlAsync();
        await using var host = await InfrastructureHost.StartAsync(data.Path, database: database);
        await using var db = await host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

        await using (var transaction = await db.Database.BeginWriteTransactionAsync())
            Assert.False(await TryLockAsync(database));

        Assert.True(await TryLockAsync(database));
    }

    private static async Task<bool> TryLockAsync(TestDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.Settings["ConnectionStrings:Portal"]);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT pg_try_advisory_xact_lock({WriteTransactions.PortalWriteKey})", connection);
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    [GeneratedRegex(@"\.BeginTransaction(Async)?\(")]
    private static partial Regex BeginTransaction();
}
