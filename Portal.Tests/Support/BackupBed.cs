using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Common;
using Portal.Domain.Faces;
using Portal.Infrastructure.Backup;
using Portal.Infrastructure.Crops;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Persistence;

namespace Portal.Tests.Support;

/// <summary>One stored gallery photo with one indexed face and its crops.</summary>
public sealed record SeededPhoto(Guid Gallery, Guid Image, string StoredName, StoredFace Face);

/// <summary>
/// A portal on a data directory of its own, a backup root, and the steps of the backup tests: seed photos, back up,
/// lose the data directory, restore. The database (SQLite, or PostgreSQL in that assembly) is fixed at the start, so
/// losing the data directory does not lose the way to it.
/// </summary>
public sealed class BackupBed : IAsyncDisposable
{
    private int _seed;

    private BackupBed(TempDirectory data, TempDirectory backups, TestDatabase database, QueueTestBed bed) =>
        (Data, Backups, Database, Bed, Host) = (data, backups, database, bed, bed.Host);

    public TempDirectory Data { get; }

    public TempDirectory Backups { get; }

    public TestDatabase Database { get; }

    public QueueTestBed Bed { get; }

    /// <summary>The host on the data directory now: the seeding one, then the restoring one.</summary>
    public InfrastructureHost Host { get; private set; }

    public static async Task<BackupBed> StartAsync(Action<IServiceCollection>? configure = null)
    {
        var data = new TempDirectory();
        var database = await TestDatabase.ForDirectoryAsync(data.Path);
        return new(data, new TempDirectory("reunite-backups"), database, await QueueTestBed.StartAsync(data.Path, configure, database: database));
    }

    /// <summary>Photos uploaded through the gallery service, each given one face (database and crops).</summary>
    public async Task<List<SeededPhoto>> PhotosAsync(string gallery, int count)
    {
        var staff = await Bed.ThornStaffAsync();
        var galleryId = await Bed.GalleryAsync(staff, gallery);
        var images = await Bed.UploadAsync(staff, galleryId, count, i => TestImages.Jpeg(64 + _seed + i, 48));
        var photos = new List<SeededPhoto>();
        await using var db = await Host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        foreach (var image in images)
        {
            var face = FaceReplicaBed.NewFace(galleryId, ++_seed);
            face = new StoredFace { GalleryId = galleryId, ImageId = image, Width = 100, Height = 100, DetectionScore = 1, Embedding = face.Embedding, PipelineVersion = FacePipelineVersion.Current };
            await Host.Get<FaceStore>().AddAsync([face]);
            await Host.Get<CropFiles>().WriteAsync(face.Id, new FaceCrop(TestImages.Jpeg(16, 16), TestImages.Jpeg(32, 32)));
            photos.Add(new SeededPhoto(galleryId, image, (await db.GalleryImages.SingleAsync(i => i.Id == image)).StoredName, face));
        }
        return photos;
    }

    public async Task<BackupResult> BackUpAsync()
    {
        var taken = await Host.Get<BackupService>().TakeAsync(Backups.Path);
        Assert.True(taken.Succeeded, taken.Error);
        return taken.Value!;
    }

    /// <summary>The data directory is gone (the audit key and the deletion log beside it stay, as they are kept elsewhere).</summary>
    public async Task LoseDataDirectoryAsync()
    {
        await Host.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Data.Path, recursive: true);
    }

    /// <summary>A fresh host on the data directory, not started up, then the whole restore on it.</summary>
    public async Task<Outcome<RestoreReport>> RestoreAsync(string folder, bool force = false)
    {
        Host = await InfrastructureHost.StartAsync(Data.Path, settings: QueueTestBed.FastQueue, database: Database, initialise: false);
        return await RestoreRun.RunAsync(Host.Services, folder, force);
    }

    public string UploadPath(string relative) => Path.Combine(Data.Path, "uploads", relative);

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        Data.Dispose();
        Backups.Dispose();
    }
}
