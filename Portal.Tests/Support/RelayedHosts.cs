using Portal.Infrastructure.Common.Relay;

namespace Portal.Tests.Support;

/// <summary>
/// Two infrastructure hosts on one database, standing for two portal processes, each with its change listener
/// started (the standalone host starts no hosted service by itself).
/// </summary>
public sealed class RelayedHosts : IAsyncDisposable
{
    private readonly TempDirectory _folderA;
    private readonly TempDirectory _folderB;

    private RelayedHosts(TempDirectory folderA, TempDirectory folderB, InfrastructureHost a, InfrastructureHost b) =>
        (_folderA, _folderB, A, B) = (folderA, folderB, a, b);

    public InfrastructureHost A { get; }

    public InfrastructureHost B { get; }

    public static async Task<RelayedHosts> StartAsync(TestDatabase database, IDictionary<string, string?>? settings = null, bool seedDemoData = false)
    {
        var folderA = new TempDirectory();
        var folderB = new TempDirectory();
        var a = await InfrastructureHost.StartAsync(folderA.Path, seedDemoData, database: database, settings: settings);
        var b = await InfrastructureHost.StartAsync(folderB.Path, seedDemoData, database: database, settings: settings);
        var started = new RelayedHosts(folderA, folderB, a, b);
        await a.Get<PostgreSqlRelayListener>().StartAsync(CancellationToken.None);
        await b.Get<PostgreSqlRelayListener>().StartAsync(CancellationToken.None);
        return started;
    }

    /// <summary>Waits until both listeners listen (on PostgreSQL), at most 10 s.</summary>
    public async Task UntilListeningAsync(int connections = 1)
    {
        await Until(() => Listener(A).Connections >= connections && Listener(A).IsListening);
        await Until(() => Listener(B).Connections >= connections && Listener(B).IsListening);
    }

    public static PostgreSqlRelayListener Listener(InfrastructureHost host) => host.Get<PostgreSqlRelayListener>();

    public static async Task Until(Func<bool> condition, double seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Not true within {seconds} s.");
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Listener(A).StopAsync(CancellationToken.None);
        await Listener(B).StopAsync(CancellationToken.None);
        await A.DisposeAsync();
        await B.DisposeAsync();
        _folderA.Dispose();
        _folderB.Dispose();
    }
}
