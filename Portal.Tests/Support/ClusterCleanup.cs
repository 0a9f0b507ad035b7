using System.Diagnostics;

namespace Portal.Tests.Support;

/// <summary>
/// Stops and deletes test clusters. The test host is often ended before its exit handlers finish, so a watchdog
/// outside it (its own session, so a killed process group does not take it along) waits for the test process to
/// go, then stops the server and deletes its folder. A run also stops clusters whose owner is gone and whose
/// watchdog never ran (a machine restart mid-run).
/// </summary>
internal static class ClusterCleanup
{
    public const string OwnerFile = "owner.pid";

    public static void WatchOver(string folder, string data)
    {
        var stop = ServerUser.Command(Path.Combine(PostgreSqlCluster.Binaries!, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"]);
        var script = "exec </dev/null >/dev/null 2>&1\n" +
            $"while kill -0 {Environment.ProcessId}; do sleep 0.5; done\n" +
            $"{string.Join(' ', stop.Select(Quote))}\nrm -rf {Quote(folder)}\n";
        var start = new ProcessStartInfo("setsid", ["sh", "-c", script])
        {
            UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var _ = Process.Start(start);
    }

    public static async Task StopAbandonedAsync(string prefix)
    {
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), prefix + "*"))
            if (IsAbandoned(folder))
                await StopAndDeleteAsync(folder);
    }

    // A folder without its owner file may be another run's, just created: only an old one is left over.
    private static bool IsAbandoned(string folder)
    {
        var owner = Path.Combine(folder, OwnerFile);
        if (!File.Exists(owner))
            return Directory.GetCreationTimeUtc(folder) < TimeProvider.System.GetUtcNow().UtcDateTime.AddHours(-1);
        return !int.TryParse(File.ReadAllText(owner), out var pid) || !Directory.Exists($"/proc/{pid}");
    }

    private static async Task StopAndDeleteAsync(string folder)
    {
        var data = Path.Combine(folder, "data");
        try
        {
            if (File.Exists(Path.Combine(data, "postmaster.pid")))
                await PostgreSqlCluster.RunServerBinaryAsync("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"], folder);
        }
        catch (InvalidOperationException)
        {
            // Not running any more: the folder can go all the same.
        }
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // The OS temp cleaner gets it later.
        }
    }

    private static string Quote(string part) => "'" + part.Replace("'", "'\\''") + "'";
}
