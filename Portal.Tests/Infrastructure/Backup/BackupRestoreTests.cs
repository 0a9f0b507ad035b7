using Microsoft.EntityFrameworkCore;
using Portal.Domain.Common;
using Portal.Infrastructure.Backup;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Backup;

/// <summary>Back up, lose the whole data directory, restore: everything comes back and checks out.</summary>
public sealed class BackupRestoreTests : IAsyncLifetime
{
    private BackupBed _bed = null!;

    public async Task InitializeAsync() => _bed = await BackupBed.StartAsync();

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task RestoresALostDataDirectoryWithAnIntactChainAndEveryPhotoOpening()
    {
        var photos = await _bed.PhotosAsync("Backed-up gallery", 3);
        File.WriteAllText(_bed.UploadPath("left-over.tmp"), "a temporary file");
        var backup = await _bed.BackUpAsync();
        var before = await CountsAsync(_bed.Host);

        Assert.DoesNotContain(backup.Manifest.Files, f => f.Path.EndsWith(".tmp", StringComparison.Ordinal));
        Assert.DoesNotContain(backup.Manifest.Files, f => f.Path.Contains("audit.key", StringComparison.Ordinal) || f.Path.Contains("keyring", StringComparison.Ordinal));
        await _bed.LoseDataDirectoryAsync();
        var restored = await _bed.RestoreAsync(backup.Folder);

        Assert.True(restored.Succeeded, restored.Error);
        var report = restored.Value!;
        Assert.True(report.ChainIntact, report.ChainProblem);
        Assert.Equal(3, report.PhotosStored);
        Assert.Equal(3, report.PhotosOpened);
        Assert.Equal(0, report.DeletionsReapplied);
        Assert.Equal(backup.Manifest.FileCount, report.FilesRestored);
        Assert.Equal(before, await CountsAsync(_bed.Host));
        foreach (var photo in photos)
        {
            Assert.True(File.Exists(_bed.UploadPath(photo.StoredName)));
            Assert.True(File.Exists(_bed.UploadPath($"crops/{photo.Face.Id:N}.jpg")));
        }
    }

    [Fact]
    public async Task NoBackupIsTakenWhileTheDeletionLogIsBrokenAndTheReasonIsGiven()
    {
        await _bed.PhotosAsync("Backed-up gallery", 1);
        var log = _bed.Host.Get<Portal.Infrastructure.Lifecycle.IDeletionLog>();
        await log.AppendAsync(new Portal.Infrastructure.Lifecycle.DeletionRecord { Cause = "test" });
        var path = ((Portal.Infrastructure.Lifecycle.FileDeletionLog)log).FilePath;
        await File.WriteAllTextAsync(path, (await File.ReadAllTextAsync(path)).Replace("test", "edit", StringComparison.Ordinal));

        var taken = await _bed.Host.Get<BackupService>().TakeAsync(_bed.Backups.Path);

        Assert.Equal(OutcomeKind.Invalid, taken.Kind);
        Assert.Contains("No backup was taken", taken.Error);
        Assert.Empty(Directory.Exists(_bed.Backups.Path) ? Directory.EnumerateFileSystemEntries(_bed.Backups.Path) : []);
    }

    [Fact]
    public async Task RefusesANonEmptyDataDirectoryWithoutForceAndLeavesItAsItWas()
    {
        await _bed.PhotosAsync("Backed-up gallery", 1);
        var backup = await _bed.BackUpAsync();
        var later = await _bed.PhotosAsync("Uploaded after the backup", 1);
        await _bed.Host.DisposeAsync();

        var refused = await _bed.RestoreAsync(backup.Folder);

        Assert.Equal(OutcomeKind.Conflict, refused.Kind);
        Assert.Contains("--force", refused.Error);
        Assert.True(File.Exists(_bed.UploadPath(later[0].StoredName)), "nothing already stored is lost");
        await using var db = await _bed.Host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.True(await db.GalleryImages.AnyAsync(i => i.Id == later[0].Image), "the database was not replaced");
    }

    [Fact]
    public async Task RefusesABackupWhoseManifestWasChangedEvenWithItsHashesFixedUp()
    {
        await _bed.PhotosAsync("Backed-up gallery", 1);
        var backup = await _bed.BackUpAsync();
        // Someone with write access to the backup root moves the deletion-log position past later deletions, so that a
        // restore would not replay them; the SHA-256 values still match the files.
        var manifestPath = Path.Combine(backup.Folder, BackupManifest.FileName);
        var changed = (await File.ReadAllTextAsync(manifestPath)).Replace("\"deletionLogPosition\": 0", "\"deletionLogPosition\": 99", StringComparison.Ordinal);
        Assert.Contains("99", changed, StringComparison.Ordinal);
        await File.WriteAllTextAsync(manifestPath, changed);
        await _bed.LoseDataDirectoryAsync();

        var refused = await _bed.RestoreAsync(backup.Folder);

        Assert.Equal(OutcomeKind.Invalid, refused.Kind);
        Assert.Contains(BackupSeal.FileName, refused.Error);
        Assert.Contains("Nothing was restored", refused.Error);
    }

    private static async Task<(int Images, int Faces, int Galleries)> CountsAsync(InfrastructureHost host)
    {
        await using var db = await host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return (await db.GalleryImages.CountAsync(), await db.Faces.CountAsync(), await db.Galleries.CountAsync());
    }
}
