using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Infrastructure.Face;
using Portal.Tests.Support;
using static Portal.Tests.Support.FaceReplicaBed;

namespace Portal.Tests.Infrastructure.Face;

/// <summary>Reports of replicas whose processes are long gone are deleted; a recent one is kept.</summary>
public sealed class ReplicaPruningTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task AReplicaSilentLongerThanForgetAfterIsPrunedWhenAnotherReports()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gone = await StartAsync(_data.Path);
        var goneService = gone.Get<FaceIndexReplicaService>();
        await goneService.StartAsync(CancellationToken.None);
        Assert.True(await EventuallyAsync(async () => (await gone.Get<FaceReplicaReports>().ListAsync()).Count == 1, TimeSpan.FromSeconds(10)));
        await goneService.StopAsync(CancellationToken.None);
        var lastHeartbeat = (await gone.Get<FaceReplicaReports>().ListAsync()).Single().HeartbeatAt;

        clock.SetUtcNow(lastHeartbeat + TimeSpan.FromDays(1) - TimeSpan.FromMinutes(1));
        await using var recent = await StartAsync(_data.Path, services => services.AddSingleton<TimeProvider>(clock));
        await ReportOnceAsync(recent);
        Assert.Equal(2, (await recent.Get<FaceReplicaReports>().ListAsync()).Count);

        clock.SetUtcNow(lastHeartbeat + TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        await using var later = await StartAsync(_data.Path, services => services.AddSingleton<TimeProvider>(clock));
        await ReportOnceAsync(later);

        var left = await later.Get<FaceReplicaReports>().ListAsync();
        Assert.DoesNotContain(left, r => r.Id == gone.Get<FaceIndexReplica>().Id);
        Assert.Contains(left, r => r.Id == later.Get<FaceIndexReplica>().Id);
    }

    /// <summary>The first round of a replica's loop reports (and prunes); its clock is fake, so it goes no further.</summary>
    private static async Task ReportOnceAsync(InfrastructureHost host)
    {
        var service = host.Get<FaceIndexReplicaService>();
        await service.StartAsync(CancellationToken.None);
        var id = host.Get<FaceIndexReplica>().Id;
        Assert.True(await EventuallyAsync(async () => (await host.Get<FaceReplicaReports>().ListAsync()).Any(r => r.Id == id), TimeSpan.FromSeconds(10)));
        await service.StopAsync(CancellationToken.None);
    }

    public void Dispose() => _data.Dispose();
}
