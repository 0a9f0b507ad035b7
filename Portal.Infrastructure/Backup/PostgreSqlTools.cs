using System.Diagnostics;
using Npgsql;

namespace Portal.Infrastructure.Backup;

/// <summary>
/// pg_dump and pg_restore, found on PATH or in Debian's /usr/lib/postgresql/*/bin (newest first). The connection goes
/// through the PG* environment variables, so the password is never on a command line other users can read.
/// </summary>
internal static class PostgreSqlTools
{
    public static string? Find(string tool)
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, tool));
        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin", tool))
            : [];
        return onPath.Concat(debian).FirstOrDefault(File.Exists);
    }

    public static string Missing(string tool) =>
        $"{tool} was not found on PATH or in /usr/lib/postgresql/*/bin: install the PostgreSQL client tools (Debian: postgresql-client) of the server's major version or newer.";

    /// <summary>Runs the tool against the portal's database; the error text when it fails, null when it succeeds.</summary>
    public static async Task<string?> RunAsync(string executable, string connectionString, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(executable) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["PGHOST"] = connection.Host;
        start.Environment["PGPORT"] = connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PGDATABASE"] = connection.Database;
        start.Environment["PGUSER"] = connection.Username;
        if (!string.IsNullOrEmpty(connection.Password))
            start.Environment["PGPASSWORD"] = connection.Password;
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode == 0 ? null : $"{Path.GetFileName(executable)} failed ({process.ExitCode}): {(await error).Trim()} {(await output).Trim()}".Trim();
    }
}
