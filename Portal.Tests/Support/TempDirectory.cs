namespace Portal.Tests.Support;

/// <summary>A folder of its own for one test or fixture, deleted afterwards.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory(string prefix = "reunite-test")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(Path, recursive: true);
            // The generated audit key and checkpoints live beside the data directory, never in it (ADR 0005).
            if (Directory.Exists(Path + "-audit"))
                Directory.Delete(Path + "-audit", recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a background thread; the OS temp cleaner gets it later.
        }
    }
}
