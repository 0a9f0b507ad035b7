using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Infrastructure.Face;
using Portal.Tests.Support;
using static Portal.Tests.Support.FaceReplicaBed;

namespace Portal.Tests.Infrastructure.Face;

/// <summary>
/// A replica's report goes when its process stops cleanly; the report of a killed process is deleted once it has been
/// silent longer than ForgetAfter, and a recent one is kept.
/// </summary>
public sealed class ReplicaPruningTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task AReplicaWithdrawsItsReportWhenItsProcessStopsCleanly()
    {
        await using var host = await StartAsync(_data.Path);
        var id = host.Get<FaceIndexReplica>().Id;

        var seen = await ReportOnceAsync(host);

        Assert.Contains(seen, r => r.Id == id);
        Assert.DoesNotContain(await host.Get<FaceReplicaReports>().ListAsync(), r => r.Id == id);
    }

    [Fact]
    public async Task AReplicaSilentLongerThanForgetAfterIsPrunedWhenAnotherReports()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gone = await StartAsync(_data.Path);
        var lastHeartbeat = clock.GetUtcNow();
        // A process killed after this report: it never withdraws it.
        await gone.Get<FaceReplicaReports>().ReportAsync(gone.Get<FaceIndexReplica>(), lastHeartbeat, pruneOld: false, CancellationToken.None);

        clock.SetUtcNow(lastHeartbeat + TimeSpan.FromDays(1) - TimeSpan.FromMinutes(1));
        await using var recent = await StartAsync(_data.Path, services => services.AddSingleton<TimeProvider>(clock));
        Assert.Equal(2, (await ReportOnceAsync(recent)).Count);

        clock.SetUtcNow(lastHeartbeat + TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        await using var later = await StartAsync(_data.Path, services => services.AddSingleton<TimeProvider>(clock));
        var left = await ReportOnceAsync(later);

        Assert.DoesNotContain(left, r => r.Id == gone.Get<FaceIndexReplica>().Id);
        Assert.Contains(left, r => r.Id == later.Get<FaceIndexReplica>().Id);
    }

    /// <summary>
    /// The first round of a replica's loop reports (and prunes); its clock may be fake, so it goes no further. Returns
    /// the reports seen while it ran, then stops it.
    /// </summary>
    private static async Task<IReadOnlyList<ReplicaView>> ReportOnceAsync(InfrastructureHost host)
    {
        var service = host.Get<FaceIndexReplicaService>();
        await service.StartAsync(CancellationToken.None);
        var id = host.Get<FaceIndexReplica>().Id;
        IReadOnlyList<ReplicaView> seen = [];
        Assert.True(await EventuallyAsync(async () => (seen = await host.Get<FaceReplicaReports>().ListAsync()).Any(r => r.Id == id), TimeSpan.FromSeconds(10)));
        await service.StopAsync(CancellationToken.None);
        return seen;
    }

    public void Dispose() => _data.Dispose();
}
