using Portal.Infrastructure.Face;
using Portal.Tests.Support;
using static Portal.Tests.Support.FaceReplicaBed;

namespace Portal.Tests.Infrastructure.Face;

/// <summary>Two hosts on one database stand for two processes: changes made by one reach the other's replica, in order.</summary>
public sealed class FaceIndexReplicaTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private InfrastructureHost _a = null!;
    private InfrastructureHost _b = null!;

    public async Task InitializeAsync()
    {
        _a = await StartAsync(_data.Path);
        _b = await StartAsync(_data.Path);
        await _b.Get<FaceIndexReplicaService>().StartAsync(CancellationToken.None);
    }

    [Fact]
    public async Task AFaceAddedByOneProcessReachesTheOtherProcessesReplicaWithinTenSeconds()
    {
        var face = NewFace(Guid.NewGuid(), 1);
        await _a.Get<FaceStore>().AddAsync([face]);

        Assert.True(await EventuallyAsync(() => Task.FromResult(_b.Finds(face)), TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task ARemovalByOneProcessReachesTheOtherProcessesReplica()
    {
        var gallery = Guid.NewGuid();
        var (kept, removed) = (NewFace(gallery, 1), NewFace(gallery, 2));
        await _a.Get<FaceStore>().AddAsync([kept, removed]);
        Assert.True(await EventuallyAsync(() => Task.FromResult(_b.Finds(removed)), TimeSpan.FromSeconds(10)));

        await _a.Get<FaceStore>().RemoveAsync([removed.Id]);

        Assert.True(await EventuallyAsync(() => Task.FromResult(!_b.Finds(removed)), TimeSpan.FromSeconds(10)));
        Assert.True(_b.Finds(kept));
        Assert.Equal(_a.Get<FaceIndexReplica>().AppliedPosition, _b.Get<FaceIndexReplica>().AppliedPosition);
    }

    [Fact]
    public async Task AReplicaReportsThePositionItAppliedWithAHeartbeat()
    {
        await _a.Get<FaceStore>().AddAsync([NewFace(Guid.NewGuid(), 1), NewFace(Guid.NewGuid(), 2)]);
        var b = _b.Get<FaceIndexReplica>();

        Assert.True(await EventuallyAsync(async () => (await _a.Get<FaceReplicaReports>().ListAsync())
            .Any(r => r.Id == b.Id && r.AppliedPosition == 2 && r.Lag == 0 && r.Live), TimeSpan.FromSeconds(10)));
    }

    public async Task DisposeAsync()
    {
        await _b.Get<FaceIndexReplicaService>().StopAsync(CancellationToken.None);
        await _b.DisposeAsync();
        await _a.DisposeAsync();
        _data.Dispose();
    }
}
