using System.Diagnostics;
using Portal.Tests.Support;

namespace Portal.Tests.EndToEnd;

/// <summary>
/// Two real portal processes on one fresh PostgreSQL database and one data directory, behind the shipped nginx sample:
/// <see cref="WebOnly"/> serves pages and runs no worker, <see cref="Workers"/> is the default role (pages and workers),
/// so every job necessarily runs in <see cref="Workers"/>. Test-only, in the main nginx.conf: nginx believes the
/// client's X-Forwarded-For (realip), so that one machine's browser contexts can each choose the process they stick to,
/// and logs the upstream of every request, so that a test can prove where each went.
/// </summary>
public sealed class TwoPortalsBehindNginx : IAsyncDisposable
{
    // A cold start is about 3 s on an idle 2-core machine and far more under a shared load.
    private static readonly TimeSpan StartBudget = TimeSpan.FromSeconds(90);
    private readonly TempDirectory _data = new("reunite-nginx-data");
    private readonly TempDirectory _nginxFolder = new("reunite-nginx");
    private readonly List<PortalProcess> _portals = [];
    private Process? _nginx;

    private TwoPortalsBehindNginx(string connectionString) => ConnectionString = connectionString;

    public string ConnectionString { get; }

    public int HttpsPort { get; } = PortalServer.FreePort();

    public int WebOnlyPort { get; } = PortalServer.FreePort();

    public int WorkersPort { get; } = PortalServer.FreePort();

    public PortalProcess WebOnly => _portals[0];

    public PortalProcess Workers => _portals[1];

    public string UpstreamLog => _nginxFolder.File("upstream.log");

    public string Url(string path) => $"https://127.0.0.1:{HttpsPort}/{path.TrimStart('/')}";

    public static async Task<TwoPortalsBehindNginx> StartAsync()
    {
        var pair = new TwoPortalsBehindNginx(await PostgreSqlCluster.CreateDatabaseAsync());
        try
        {
            // One after the other: the first migrates, seeds and writes the key ring's certificate the second then reads.
            await pair.StartPortalAsync(pair.WebOnlyPort, ("Portal:Queue:RunWorkers", "false"));
            await pair.StartPortalAsync(pair.WorkersPort);
            await pair.StartNginxAsync();
            return pair;
        }
        catch
        {
            await pair.DisposeAsync();
            throw;
        }
    }

    private async Task StartPortalAsync(int port, params (string Key, string Value)[] overrides)
    {
        var settings = new Dictionary<string, string?>(QueueTestBed.FastQueue)
        {
            ["Portal:Database:Provider"] = "PostgreSQL",
            ["ConnectionStrings:Portal"] = ConnectionString,
            // What docs/deployment.md says every process shares: the database (and with it the key ring), the data
            // directory (photos, the key ring's generated certificate) and the audit key beside it.
            ["Portal:DataDirectory"] = _data.Path,
            ["Portal:SeedDemoData"] = "true",
            ["Portal:DemoPassword"] = TestAccounts.DemoPassword,
            ["Portal:Admin:Email"] = TestAccounts.AdminEmail,
            ["Portal:Admin:Password"] = TestAccounts.AdminPassword,
            ["Portal:Security:RequireTwoFactorForAdmins"] = "false",
            ["Portal:Network:KnownProxies:0"] = "127.0.0.1",
            ["Portal:PublicBaseUrl"] = Url(""),
            // Longer than the test bed's: on a loaded machine a 2-second lease can lapse while a job runs.
            ["Portal:Queue:Lease"] = "00:00:10",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            // The test bin folder is a build output, not a published one: outside Development the host reads no static
            // web assets manifest and serves blazor.web.js and MudBlazor's files empty, so no circuit could start.
            // HTTPS is then required explicitly, as it is by default everywhere else.
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["Portal:Security:RequireHttps"] = "true",
        };
        foreach (var (key, value) in overrides)
            settings[key] = value;
        var portal = PortalProcess.Start(settings);
        _portals.Add(portal);
        await portal.WaitForOutputAsync("Reunite Portal is running.", StartBudget);
    }

    private async Task StartNginxAsync()
    {
        var main = NginxSample.Render(_nginxFolder.Path, HttpsPort, PortalServer.FreePort(), WebOnlyPort, WorkersPort, $"""
            set_real_ip_from 127.0.0.1;
            real_ip_header X-Forwarded-For;
            log_format upstream '$remote_addr $upstream_addr $status "$request"';
            access_log {UpstreamLog} upstream;
            """);
        var start = new ProcessStartInfo(NginxSample.Binary) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-p", _nginxFolder.Path, "-c", main, "-g", "daemon off;" })
            start.ArgumentList.Add(argument);
        _nginx = Process.Start(start)!;
        using var http = NewClient();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(_nginx.HasExited, $"nginx exited: {await _nginx.StandardError.ReadToEndAsync()}");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "nginx answered nothing but errors for 20 s");
            try
            {
                if ((await http.GetAsync(new Uri(Url("/health")))).IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException) when (clock.Elapsed < TimeSpan.FromSeconds(20))
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
    }

    /// <summary>A client that trusts nginx's self-signed certificate, as the browser contexts are told to.</summary>
    public static HttpClient NewClient() => new(new HttpClientHandler
    {
        ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
    });

    /// <summary>Each logged request as (client address, upstream address, status, request line).</summary>
    public IReadOnlyList<(string Client, string Upstream, string Status, string Request)> Requests() =>
        [.. File.ReadAllLines(UpstreamLog).Select(line => line.Split(' ', 4)).Select(f => (f[0], f[1], f[2], f[3].Trim('"')))];

    public async ValueTask DisposeAsync()
    {
        if (_nginx is { HasExited: false })
            _nginx.Kill(entireProcessTree: true);
        _nginx?.Dispose();
        foreach (var portal in _portals)
            portal.Dispose();
        await Task.CompletedTask;
        _nginxFolder.Dispose();
        _data.Dispose();
    }
}
