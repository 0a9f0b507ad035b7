using System.Diagnostics;
using System.Text.RegularExpressions;
using Npgsql;
using Portal.Domain.Auditing;
using Portal.Tests.Support;

namespace Portal.Tests.Repository;

/// <summary>
/// The README's two commands for PostgreSQL: the script starts a database of its own and prints the command that
/// runs the portal on it; that command's settings bring up a migrated, seeded portal; the README shows the same line.
/// </summary>
public sealed partial class LocalPostgreSqlScriptTests
{
    private static string Script => Path.Combine(RepositoryRoot.Path, "deploy", "postgres", "local.sh");

    [PostgreSqlFact]
    public async Task StartsADatabaseThePrintedCommandRunsThePortalOnAndStopsIt()
    {
        using var folder = new TempDirectory("reunite-local-pg");
        using var data = new TempDirectory();
        var port = PortalServer.FreePort();
        try
        {
            var printed = await RunScriptAsync("start", folder.Path, port);
            var connection = RunCommand().Match(printed);
            Assert.True(connection.Success, printed);

            await using (var host = await InfrastructureHost.StartAsync(data.Path, settings: new Dictionary<string, string?>
            {
                ["Portal:Database:Provider"] = connection.Groups["provider"].Value,
                ["ConnectionStrings:Portal"] = connection.Groups["connection"].Value,
            }))
            {
                Assert.True((await host.Get<IAuditLog>().VerifyAsync()).IsIntact);
            }
            NpgsqlConnection.ClearAllPools();

            await RunScriptAsync("stop", folder.Path, port);
            await using var refused = new NpgsqlConnection(connection.Groups["connection"].Value);
            await Assert.ThrowsAnyAsync<NpgsqlException>(() => refused.OpenAsync());
        }
        finally
        {
            await RunScriptAsync("stop", folder.Path, port);
        }
    }

    [Fact]
    public async Task TheReadmeShowsTheCommandTheScriptPrintsForItsDefaultPort()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "README.md"));
        var script = await File.ReadAllTextAsync(Script);

        Assert.Contains("deploy/postgres/local.sh start\n", readme, StringComparison.Ordinal);
        Assert.Contains("port=${PORTAL_PG_PORT:-5433}", script, StringComparison.Ordinal);
        Assert.Contains("Portal__Database__Provider=PostgreSQL ConnectionStrings__Portal=\"Host=127.0.0.1;Port=5433;Username=postgres;Database=portal\" dotnet run --project Portal.Web",
            readme, StringComparison.Ordinal);
    }

    private static async Task<string> RunScriptAsync(string command, string folder, int port)
    {
        var start = new ProcessStartInfo(Script, [command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["PORTAL_PG_DIR"] = folder, ["PORTAL_PG_PORT"] = port.ToString() },
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(process.ExitCode == 0, $"local.sh {command} exited with {process.ExitCode}: {await error}");
        return await output;
    }


    [GeneratedRegex("Portal__Database__Provider=(?<provider>\\w+) ConnectionStrings__Portal=\"(?<connection>[^\"]+)\" dotnet run --project Portal.Web")]
    private static partial Regex RunCommand();
}
