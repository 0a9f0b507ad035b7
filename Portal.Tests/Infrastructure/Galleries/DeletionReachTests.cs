using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Domain.Faces;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Galleries;
using Portal.Tests.Support;
using static Portal.Tests.Support.FaceReplicaBed;

namespace Portal.Tests.Infrastructure.Galleries;

/// <summary>
/// A deleted photo's faces count as gone only when every live search process has applied the removal. Host A deletes;
/// host B stands for another process whose replica is behind.
/// </summary>
public sealed class DeletionReachTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private QueueTestBed _a = null!;
    private InfrastructureHost _b = null!;

    public async Task InitializeAsync()
    {
        _a = await QueueTestBed.StartAsync(_data.Path, services => services.AddSingleton<TimeProvider>(_clock), overrides: Fast);
        _b = await StartAsync(_data.Path);
        await _b.Get<FaceIndexReplicaService>().StartAsync(CancellationToken.None);
    }

    [Fact]
    public async Task ADeletionIsNotDoneWhileALiveReplicaIsBehindItAndIsDoneOnceThatReplicaAppliedIt()
    {
        var (image, face) = await IndexedPhotoAsync();
        var b = _b.Get<FaceIndexReplica>();
        b.Pause();

        var deleted = await _a.Host.Get<GalleryService>().PurgeImageAsync(await _a.ThornStaffAsync(), image);

        Assert.True(deleted.Succeeded, deleted.Error);
        Assert.Equal("Deleted; still being removed from 1 search process(es). Searches submitted from now on never use it.", deleted.Value);
        var position = _a.Host.Get<FaceIndexReplica>().AppliedPosition;
        var reach = await _a.Host.Get<FaceReplicaReports>().ReachAsync(position);
        Assert.Equal(b.Id, Assert.Single(reach.Behind).Id);
        Assert.True(_b.Finds(face), "the paused replica has not applied the removal");

        b.Resume();
        Assert.True(await EventuallyAsync(async () => (await _a.Host.Get<FaceReplicaReports>().ReachAsync(position)).Everywhere, TimeSpan.FromSeconds(10)));
        Assert.False(_b.Finds(face));
    }

    [Fact]
    public async Task ADeletionCountsAsDoneOnceABehindReplicaHasBeenSilentPastTheLiveWindow()
    {
        var (image, _) = await IndexedPhotoAsync();
        _b.Get<FaceIndexReplica>().Pause();
        var deleted = await _a.Host.Get<GalleryService>().PurgeImageAsync(await _a.ThornStaffAsync(), image);
        Assert.StartsWith("Deleted; still being removed from 1", deleted.Value);
        var position = _a.Host.Get<FaceIndexReplica>().AppliedPosition;

        var lastHeartbeat = (await _a.Host.Get<FaceReplicaReports>().ListAsync()).Single(r => r.Id == _b.Get<FaceIndexReplica>().Id).HeartbeatAt;
        // B is killed: it stops reporting and, unlike a clean stop, leaves its last report behind.
        await _b.Get<FaceIndexReplicaService>().StopAsync(CancellationToken.None);
        await _b.Get<FaceReplicaReports>().ReportAsync(_b.Get<FaceIndexReplica>(), lastHeartbeat, pruneOld: false, CancellationToken.None);
        _clock.SetUtcNow(lastHeartbeat + TimeSpan.FromSeconds(29));
        Assert.False((await _a.Host.Get<FaceReplicaReports>().ReachAsync(position)).Everywhere, "still within the live window");
        _clock.SetUtcNow(lastHeartbeat + TimeSpan.FromSeconds(31));

        var reach = await _a.Host.Get<FaceReplicaReports>().ReachAsync(position);
        Assert.True(reach.Everywhere);
        Assert.Contains(await _a.Host.Get<FaceReplicaReports>().ListAsync(), r => r.Id == _b.Get<FaceIndexReplica>().Id && !r.Live);
    }

    /// <summary>A stored photo of Thorn's with one indexed face, in B's index too.</summary>
    private async Task<(Guid Image, StoredFace Face)> IndexedPhotoAsync()
    {
        var staff = await _a.ThornStaffAsync();
        var gallery = await _a.GalleryAsync(staff);
        var image = (await _a.UploadAsync(staff, gallery, 1, _ => TestImages.Jpeg()))[0];
        var face = NewFace(gallery, 7);
        face = new StoredFace { GalleryId = gallery, ImageId = image, Width = 100, Height = 100, DetectionScore = 1, Embedding = face.Embedding, PipelineVersion = FacePipelineVersion.Current };
        await _a.Host.Get<FaceStore>().AddAsync([face]);
        Assert.True(await EventuallyAsync(() => Task.FromResult(_b.Finds(face)), TimeSpan.FromSeconds(10)));
        // B has reported the face's position: it is live and current before the deletion.
        var added = _a.Host.Get<FaceIndexReplica>().AppliedPosition;
        Assert.True(await EventuallyAsync(async () => (await _a.Host.Get<FaceReplicaReports>().ReachAsync(added)).Applied.Count > 0, TimeSpan.FromSeconds(10)));
        return (image, face);
    }

    public async Task DisposeAsync()
    {
        await _b.Get<FaceIndexReplicaService>().StopAsync(CancellationToken.None);
        await _b.DisposeAsync();
        await _a.DisposeAsync();
        _data.Dispose();
    }
}
