using Microsoft.Data.Sqlite;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Persistence;

/// <summary>
/// A new SQLite database gets 16 KB pages, so a face row (about 2.2 KB) no longer fills a 4 KB page alone and a start-up
/// load reads half the bytes; an existing database keeps its page size and every row (it is converted only by hand).
/// </summary>
public sealed class SqlitePageSizeTests
{
    [Fact]
    public async Task ANewDatabaseHasSixteenKilobytePagesAndWriteAheadLogging()
    {
        using var data = new TempDirectory();
        await using (await InfrastructureHost.StartAsync(data.Path))
        {
        }

        Assert.Equal(["16384"], await RawDatabase.ColumnAsync(data.Path, "PRAGMA page_size"));
        Assert.Equal(["wal"], await RawDatabase.ColumnAsync(data.Path, "PRAGMA journal_mode"));
    }

    [Fact]
    public async Task AnExistingDatabaseKeepsItsPageSizeAndItsRows()
    {
        using var data = new TempDirectory();
        await using (var existing = new SqliteConnection($"Data Source={RawDatabase.File(data.Path)};Pooling=False"))
        {
            await existing.OpenAsync();
            await using var command = existing.CreateCommand();
            command.CommandText = "PRAGMA page_size = 4096; PRAGMA journal_mode = WAL; CREATE TABLE Kept (Value TEXT); INSERT INTO Kept VALUES ('still here');";
            await command.ExecuteNonQueryAsync();
        }

        await using (await InfrastructureHost.StartAsync(data.Path))
        {
        }

        Assert.Equal(["4096"], await RawDatabase.ColumnAsync(data.Path, "PRAGMA page_size"));
        Assert.Equal(["still here"], await RawDatabase.ColumnAsync(data.Path, "SELECT Value FROM Kept"));
    }
}
