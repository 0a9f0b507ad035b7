using Portal.Tests.Support;
using Portal.Web.Hosting;

namespace Portal.Tests.Web.Integration;

/// <summary>The <c>backup</c>/<c>restore</c> command line: clear refusals and exit code 1, nothing touched.</summary>
public sealed class BackupCommandTests : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly TempDirectory _backup = new("reunite-backup");
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    public void Dispose()
    {
        _data.Dispose();
        _backup.Dispose();
    }

    private string[] Settings => ["--environment=Testing", $"--Portal:DataDirectory={_data.Path}", $"--Portal:PublicBaseUrl={PortalFactory.PublicBaseUrl}"];

    [Fact]
    public async Task RestoreRefusesANonEmptyDataDirectoryWithoutForce()
    {
        await File.WriteAllTextAsync(Path.Combine(_backup.Path, "manifest.json"),
            """{"takenAt":"2026-03-01T00:00:00+00:00","provider":"Sqlite","migration":null,"deletionLogPosition":0,"files":[]}""");
        var existing = Path.Combine(_data.Path, "portal.db");
        await File.WriteAllTextAsync(existing, "the live database");

        var exitCode = await BackupCommand.RunAsync(["restore", _backup.Path, .. Settings], _output, _error);

        Assert.Equal(1, exitCode);
        Assert.Contains("is not empty", _error.ToString());
        Assert.Contains("--force", _error.ToString());
        Assert.Equal("the live database", await File.ReadAllTextAsync(existing));
    }

    [Fact]
    public async Task BackupOfADataDirectoryWithoutADatabaseFailsAndCreatesNone()
    {
        var exitCode = await BackupCommand.RunAsync(["backup", _backup.Path, .. Settings], _output, _error);

        Assert.Equal(1, exitCode);
        Assert.Contains("There is no database", _error.ToString());
        Assert.False(File.Exists(Path.Combine(_data.Path, "portal.db")));
    }

    [Fact]
    public async Task BackupWithoutAFolderPrintsTheUsageAndFails()
    {
        var exitCode = await BackupCommand.RunAsync(["backup", .. Settings], _output, _error);

        Assert.Equal(1, exitCode);
        Assert.StartsWith("Usage: backup <backup root>", _error.ToString());
    }
}
