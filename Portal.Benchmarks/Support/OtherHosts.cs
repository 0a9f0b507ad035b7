using Microsoft.Extensions.DependencyInjection;
using Portal.Infrastructure;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Hosting;

namespace Portal.Benchmarks.Support;

/// <summary>
/// Extra hosts on the same data folder and database, standing for further worker processes: each has its own
/// services, connection pool and face index (loaded from the database, as a process loads it at start).
/// </summary>
internal sealed class OtherHosts(IReadOnlyList<ServiceProvider> hosts) : IAsyncDisposable
{
    public IEnumerable<IServiceProvider> Services => hosts;

    public static async Task<OtherHosts> StartAsync(int count, IDictionary<string, string?> settings, string data)
    {
        var hosts = new List<ServiceProvider>();
        for (var i = 0; i < count; i++)
        {
            var host = StandaloneServices.Build(settings, data);
            await host.InitialisePortalAsync();
            await host.GetRequiredService<FaceIndexReplica>().LoadAsync();
            hosts.Add(host);
        }
        return new OtherHosts(hosts);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in hosts)
            await host.DisposeAsync();
    }
}
