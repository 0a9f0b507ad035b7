using Npgsql;

namespace Portal.Tests.Support;

/// <summary>
/// One throwaway PostgreSQL server per test run, started on first use: initdb into a temporary folder, a free
/// loopback port, its socket inside that folder, no fsync (nothing here must survive a crash), stopped and deleted
/// when the test process has exited (<see cref="ClusterCleanup"/>). Each test gets a database of its own from <see cref="CreateDatabaseAsync"/>.
/// PostgreSQL refuses to run as root, so as root the server binaries run as the postgres system user.
/// </summary>
public sealed class PostgreSqlCluster
{
    public const string MissingMessage = "PostgreSQL server binaries are not installed (apt-get install postgresql)";
    private const string FolderPrefix = "reunite-pg-";

    private static readonly Lazy<Task<PostgreSqlCluster>> Shared = new(StartAsync);

    private readonly int _port;

    private PostgreSqlCluster(int port) => _port = port;

    /// <summary>The bin folder of the highest installed server version, or null where none is installed.</summary>
    public static string? Binaries { get; } = FindBinaries();

    public static bool Available => Binaries is not null;

    /// <summary>A new, empty database with a unique name on the shared cluster; returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        if (!Available)
            throw new InvalidOperationException(MissingMessage);
        var cluster = await Shared.Value;
        var name = $"portal_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(cluster.ConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        return cluster.ConnectionString(name);
    }

    // Small idle pools: many test databases share one server, and a pool's idle connections would otherwise
    // hold server processes for minutes after their test ended.
    private string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={_port};Username=postgres;Database={database};Include Error Detail=true;" +
        "Maximum Pool Size=20;Connection Idle Lifetime=2;Connection Pruning Interval=1";

    private static async Task<PostgreSqlCluster> StartAsync()
    {
        await ClusterCleanup.StopAbandonedAsync(FolderPrefix);
        var folder = Path.Combine(Path.GetTempPath(), FolderPrefix + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, ClusterCleanup.OwnerFile), Environment.ProcessId.ToString());
        await ServerUser.GiveAsync(folder);
        var data = Path.Combine(folder, "data");
        ClusterCleanup.WatchOver(folder, data);
        await RunServerBinaryAsync("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"], folder);
        var port = PortalServer.FreePort();
        await RunServerBinaryAsync("pg_ctl", ["-D", data, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "60", "-o",
            $"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='{folder}' -c fsync=off " +
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=300", "start"], folder);
        return new PostgreSqlCluster(port);
    }

    internal static Task RunServerBinaryAsync(string name, IReadOnlyList<string> arguments, string folder) =>
        ServerUser.RunAsync(Path.Combine(Binaries!, name), arguments, folder);


    private static string? FindBinaries()
    {
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
            return null;
        return Directory.EnumerateDirectories(root)
            .Where(version => File.Exists(Path.Combine(version, "bin", "initdb")) && File.Exists(Path.Combine(version, "bin", "pg_ctl")))
            .OrderByDescending(version => decimal.TryParse(Path.GetFileName(version), out var number) ? number : -1)
            .Select(version => Path.Combine(version, "bin"))
            .FirstOrDefault();
    }
}

/// <summary>A fact that needs a PostgreSQL server: skipped, saying why, where the server binaries are not installed.</summary>
public sealed class PostgreSqlFactAttribute : FactAttribute
{
    public PostgreSqlFactAttribute()
    {
        if (!PostgreSqlCluster.Available)
            Skip = PostgreSqlCluster.MissingMessage;
    }
}
