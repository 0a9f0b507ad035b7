namespace Portal.Tests.Support;

/// <summary>
/// The database a test runs the portal on: SQLite (the default) or a fresh PostgreSQL database on the test
/// cluster. Its settings go to <see cref="InfrastructureHost"/> or <see cref="PortalFactory"/>.
/// </summary>
public sealed record TestDatabase(string Name, IReadOnlyDictionary<string, string?> Settings)
{
    // Beside the data, as portal.db is on SQLite: every host on one data directory (a restart, a second process,
    // the crash worker) finds the same database through it.
    private const string PointerFile = "postgresql.connection";
    private static readonly SemaphoreSlim PointerGate = new(1, 1);

    public static TestDatabase Sqlite { get; } = new("SQLite", new Dictionary<string, string?>());

    /// <summary>A new, empty PostgreSQL database (use in a <see cref="PostgreSqlFactAttribute"/> test).</summary>
    public static async Task<TestDatabase> PostgreSqlAsync() => PostgreSql(await PostgreSqlCluster.CreateDatabaseAsync());

    /// <summary>
    /// The assembly's default database for a data directory: SQLite in Portal.Tests; in Portal.Tests.PostgreSql
    /// (POSTGRESQL) a PostgreSQL database made for that directory on first use and shared by every host on it.
    /// </summary>
    public static async Task<TestDatabase> ForDirectoryAsync(string dataDirectory)
    {
#if POSTGRESQL
        var pointer = Path.Combine(dataDirectory, PointerFile);
        await PointerGate.WaitAsync();
        try
        {
            if (!File.Exists(pointer))
                await File.WriteAllTextAsync(pointer, await PostgreSqlCluster.CreateDatabaseAsync());
            return PostgreSql(await File.ReadAllTextAsync(pointer));
        }
        finally
        {
            PointerGate.Release();
        }
#else
        _ = dataDirectory;
        return await Task.FromResult(Sqlite);
#endif
    }

    /// <summary><see cref="ForDirectoryAsync"/> for synchronous callers (a web host being configured).</summary>
    public static TestDatabase ForDirectory(string dataDirectory) =>
        Task.Run(() => ForDirectoryAsync(dataDirectory)).GetAwaiter().GetResult();

    private static TestDatabase PostgreSql(string connectionString) => new("PostgreSQL", new Dictionary<string, string?>
    {
        ["Portal:Database:Provider"] = "PostgreSQL",
        ["ConnectionStrings:Portal"] = connectionString,
    });

    public override string ToString() => Name;
}
