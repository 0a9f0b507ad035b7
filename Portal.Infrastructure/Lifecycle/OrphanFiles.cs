using Microsoft.EntityFrameworkCore;
using Portal.Infrastructure.Crops;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Uploads;

namespace Portal.Infrastructure.Lifecycle;

/// <summary>What one orphan pass deleted.</summary>
public sealed record OrphanSweepResult(int Incoming, int Temporary, int Photos, int Crops);

/// <summary>
/// Deletes what a crash leaves behind: upload originals in <c>uploads/incoming</c> (with their EXIF and GPS), <c>*.tmp</c>
/// files of atomic writes, and stored photos and crops no row references (crops of a purged probe included). Only files
/// older than a day, so an upload or a crop in flight is never touched.
/// </summary>
public sealed class OrphanFiles(IDbContextFactory<PortalDbContext> contextFactory, FileStore files, CropFiles crops, TimeProvider timeProvider)
{
    public static readonly TimeSpan MinimumAge = TimeSpan.FromDays(1);

    public async Task<OrphanSweepResult> DeleteAsync(CancellationToken cancellationToken = default)
    {
        var before = (timeProvider.GetUtcNow() - MinimumAge).UtcDateTime;
        bool Old(string path) => File.GetLastWriteTimeUtc(path) < before;
        var incoming = DeleteAll(Directory.EnumerateFiles(files.Incoming).Where(Old));
        var temporary = DeleteAll(Directory.EnumerateFiles(files.Folder, "*.tmp").Concat(Directory.EnumerateFiles(crops.Folder, "*.tmp")).Where(Old));

        // Listed before the rows are read: a file stored after this listing is not looked at, and one listed here that is
        // over a day old had its row committed long ago if it has one.
        var oldPhotos = Directory.EnumerateFiles(files.Folder).Where(p => FileStore.IsStoredName(Path.GetFileName(p)) && Old(p)).ToList();
        var oldCrops = Directory.EnumerateFiles(crops.Folder, "*.jpg").Where(Old).ToList();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var stored = (await db.GalleryImages.Select(i => i.StoredName).ToListAsync(cancellationToken))
            .Concat(await db.Probes.Where(p => p.PurgedAt == null).Select(p => p.StoredName).ToListAsync(cancellationToken)).ToHashSet();
        var faces = (await db.Faces.Select(f => f.Id).ToListAsync(cancellationToken))
            .Concat(await (from face in db.ProbeFaces
                           join probe in db.Probes on face.ProbeId equals probe.Id
                           where probe.PurgedAt == null
                           select face.Id).ToListAsync(cancellationToken)).ToHashSet();
        var photos = DeleteAll(oldPhotos.Where(p => !stored.Contains(Path.GetFileName(p))));
        var orphanCrops = DeleteAll(oldCrops.Where(p => !(FaceOf(p) is { } face && faces.Contains(face))));
        return new OrphanSweepResult(incoming, temporary, photos, orphanCrops);
    }

    /// <summary>The face a crop is named after (<c>{id:N}.jpg</c> or <c>{id:N}.large.jpg</c>), or null for any other name.</summary>
    private static Guid? FaceOf(string path) =>
        Guid.TryParseExact(Path.GetFileName(path).Split('.')[0], "N", out var id) ? id : null;

    private static int DeleteAll(IEnumerable<string> paths)
    {
        var count = 0;
        foreach (var path in paths.ToList())
        {
            File.Delete(path);
            count++;
        }
        return count;
    }
}
