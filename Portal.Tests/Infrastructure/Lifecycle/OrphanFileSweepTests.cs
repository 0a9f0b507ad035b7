using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Domain.Faces;
using Portal.Infrastructure.Crops;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Lifecycle;
using Portal.Infrastructure.Uploads;
using Portal.Tests.Support;
using static Portal.Tests.Infrastructure.Lifecycle.ErasureBed;

namespace Portal.Tests.Infrastructure.Lifecycle;

/// <summary>What a crash leaves behind goes after a day; nothing a row references, and nothing younger than a day, is touched.</summary>
public sealed class OrphanFileSweepTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private QueueTestBed _bed = null!;

    public async Task InitializeAsync() =>
        _bed = await QueueTestBed.StartAsync(_data.Path, services => services.AddSingleton<TimeProvider>(_clock));

    [Fact]
    public async Task DeletesOldOriginalsTemporaryFilesAndUnreferencedPhotosAndCropsAndKeepsReferencedAndRecentOnes()
    {
        var files = _bed.Host.Get<FileStore>();
        var crops = _bed.Host.Get<CropFiles>();
        var staff = await _bed.ThornStaffAsync();
        var gallery = await _bed.GalleryAsync(staff);
        var image = (await _bed.UploadAsync(staff, gallery, 1, _ => TestImages.Jpeg()))[0];
        var face = new StoredFace { GalleryId = gallery, ImageId = image, Width = 100, Height = 100, DetectionScore = 1, Embedding = FaceReplicaBed.NewFace(gallery, 1).Embedding, PipelineVersion = FacePipelineVersion.Current };
        await _bed.Host.Get<FaceStore>().AddAsync([face]);
        await crops.WriteAsync(face.Id, new FaceCrop([1], [2]));
        var referencedPhoto = files.PathOf(await ReadAsync(_bed.Host, db => Task.FromResult(db.GalleryImages.Single(i => i.Id == image).StoredName)));
        var referencedCrops = new[] { crops.PathOf(face.Id, false), crops.PathOf(face.Id, true) };

        var oldOriginal = Write(Path.Combine(files.Incoming, Guid.NewGuid().ToString("N")), old: true);
        var newOriginal = Write(Path.Combine(files.Incoming, Guid.NewGuid().ToString("N")), old: false);
        var oldTemporaries = new[] { Write(Path.Combine(files.Folder, "x.tmp"), old: true), Write(crops.PathOf(Guid.NewGuid(), false) + ".abc.tmp", old: true) };
        var orphanPhoto = Write(files.PathOf(FileStore.NewName()), old: true);
        var newPhoto = Write(files.PathOf(FileStore.NewName()), old: false);
        var orphan = Guid.NewGuid();
        var orphanCrops = new[] { Write(crops.PathOf(orphan, false), old: true), Write(crops.PathOf(orphan, true), old: true) };
        foreach (var path in referencedCrops.Append(referencedPhoto))
            File.SetLastWriteTimeUtc(path, _clock.GetUtcNow().UtcDateTime.AddDays(-30));

        var result = await _bed.Host.Get<OrphanFiles>().DeleteAsync();

        Assert.Equal(new OrphanSweepResult(1, 2, 1, 2), result);
        Assert.All(oldTemporaries.Concat(orphanCrops).Append(oldOriginal).Append(orphanPhoto), path => Assert.False(File.Exists(path), path));
        Assert.All(referencedCrops.Append(referencedPhoto).Append(newOriginal).Append(newPhoto), path => Assert.True(File.Exists(path), path));
    }

    private string Write(string path, bool old)
    {
        File.WriteAllBytes(path, [1, 2, 3]);
        File.SetLastWriteTimeUtc(path, _clock.GetUtcNow().UtcDateTime - (old ? TimeSpan.FromHours(25) : TimeSpan.FromHours(23)));
        return path;
    }

    public async Task DisposeAsync()
    {
        await _bed.DisposeAsync();
        _data.Dispose();
    }
}
