using System.Diagnostics;

namespace Portal.Tests.Support;

/// <summary>
/// Runs the PostgreSQL server binaries. initdb and postgres refuse to run as root (CI runs as root), so there
/// they run as the postgres system user the Debian package creates, through runuser.
/// </summary>
internal static class ServerUser
{
    public static bool NeedsOtherUser { get; } = Environment.UserName == "root";

    /// <summary>Runs a server binary, as the postgres user when this process is root.</summary>
    public static Task RunAsync(string program, IReadOnlyList<string> arguments, string workingDirectory) =>
        RunAsync(program, arguments, workingDirectory, NeedsOtherUser);

    /// <summary>Hands a folder to the postgres user (as root; otherwise the folder is this user's already).</summary>
    public static Task GiveAsync(string folder) =>
        NeedsOtherUser ? RunAsync("chown", ["-R", "postgres:postgres", folder], folder, asServerUser: false) : Task.CompletedTask;

    /// <summary>The command line that runs a server binary as the right user.</summary>
    public static IReadOnlyList<string> Command(string program, IReadOnlyList<string> arguments) =>
        NeedsOtherUser ? ["runuser", "-u", "postgres", "--", program, .. arguments] : [program, .. arguments];

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments, string workingDirectory, bool asServerUser)
    {
        var command = asServerUser ? Command(program, arguments) : [program, .. arguments];
        var start = new ProcessStartInfo(command[0], command.Skip(1))
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException(
                $"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output}{await error}{ServerLog(workingDirectory)}");
    }

    private static string ServerLog(string folder)
    {
        var log = Path.Combine(folder, "server.log");
        return File.Exists(log) ? "\nserver.log:\n" + string.Join('\n', File.ReadLines(log).TakeLast(20)) : "";
    }
}
