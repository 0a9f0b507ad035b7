using Microsoft.EntityFrameworkCore;
using Portal.Domain.Common;
using Portal.Infrastructure.Backup;
using Portal.Infrastructure.Galleries;
using Portal.Infrastructure.Lifecycle;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Backup;

/// <summary>
/// A restore makes again every move into or out of the trash made after its backup: a trashed item does not come back live,
/// and one an admin restored from the trash does not come back to be purged. A cut deletion log stops the restore.
/// </summary>
public sealed class RestoreReappliesTrashMovesTests : IAsyncLifetime
{
    private BackupBed _bed = null!;

    public async Task InitializeAsync() => _bed = await BackupBed.StartAsync();

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task AGalleryMovedToTheTrashAfterTheBackupIsInTheTrashAfterTheRestoreWithItsOriginalDate()
    {
        var gallery = (await _bed.PhotosAsync("Trashed after the backup", 1))[0].Gallery;
        var photo = (await _bed.PhotosAsync("Kept gallery", 2))[1].Image;
        var backup = await _bed.BackUpAsync();
        var staff = await _bed.Bed.ThornStaffAsync();
        var due = await _bed.Host.Get<GalleryService>().DeleteGalleryAsync(staff, gallery);
        Assert.True(due.Succeeded, due.Error);
        Assert.True((await _bed.Host.Get<GalleryService>().DeleteImageAsync(staff, photo)).Succeeded);
        var moved = await TrashedAsync(gallery);

        await _bed.LoseDataDirectoryAsync();
        var restored = await _bed.RestoreAsync(backup.Folder);

        Assert.True(restored.Succeeded, restored.Error);
        Assert.Equal((0, 2), (restored.Value!.DeletionsReapplied, restored.Value.TrashMovesReapplied));
        Assert.Equal(moved, await TrashedAsync(gallery));
        Assert.Equal(staff.UserId, moved.By);
        var trash = (await _bed.Host.Get<Trash>().ListAsync(staff)).Value!;
        // Its grace runs from the move, not from the restore: the sweep deletes it on the day the person was told.
        // (Within a millisecond: PostgreSQL keeps microseconds of the time of the move.)
        Assert.InRange((Assert.Single(trash, i => i.Id == gallery).DeletedForGoodAt - due.Value).Duration(), TimeSpan.Zero, TimeSpan.FromMilliseconds(1));
        Assert.Contains(trash, i => i.Id == photo && i.Kind == TrashKind.Photo);
        Assert.DoesNotContain(await _bed.Host.Get<GalleryService>().ListAsync(staff), g => g.Id == gallery);

        // Replayed again (a restore run twice): the same state.
        foreach (var record in await _bed.Host.Get<IDeletionLog>().ReadAfterAsync(backup.Manifest.DeletionLogPosition))
            await _bed.Host.Get<DeletionReplay>().ApplyAsync(record);
        Assert.Equal(moved, await TrashedAsync(gallery));
    }

    [Fact]
    public async Task AGalleryRestoredFromTheTrashAfterTheBackupIsLiveAfterTheRestore()
    {
        var gallery = (await _bed.PhotosAsync("Trashed, then kept", 1))[0].Gallery;
        var staff = await _bed.Bed.ThornStaffAsync();
        Assert.True((await _bed.Host.Get<GalleryService>().DeleteGalleryAsync(staff, gallery)).Succeeded);
        var backup = await _bed.BackUpAsync();
        var kept = await _bed.Host.Get<Trash>().RestoreAsync(staff, TrashKind.Gallery, gallery);
        Assert.True(kept.Succeeded, kept.Error);

        await _bed.LoseDataDirectoryAsync();
        var restored = await _bed.RestoreAsync(backup.Folder);

        Assert.True(restored.Succeeded, restored.Error);
        Assert.Equal<(DateTimeOffset?, string?)>((null, null), await TrashedAsync(gallery));
        Assert.Contains(await _bed.Host.Get<GalleryService>().ListAsync(staff), g => g.Id == gallery);
        Assert.Empty((await _bed.Host.Get<Trash>().ListAsync(staff)).Value!);
    }

    [Fact]
    public async Task AMoveLoggedForSomethingErasedSinceIsNotFoundAndChangesNothing()
    {
        var kept = (await _bed.PhotosAsync("Kept gallery", 1))[0].Gallery;
        var before = await TrashedAsync(kept);

        await _bed.Host.Get<DeletionReplay>().ApplyAsync(new DeletionRecord
        {
            Cause = "trash.moved", Trash = new TrashChange(TrashKind.Gallery, Guid.NewGuid(), Guid.NewGuid(), DateTimeOffset.UtcNow, "someone", Restored: false),
        });
        // Another organisation's id for this organisation's gallery: not found either.
        await _bed.Host.Get<DeletionReplay>().ApplyAsync(new DeletionRecord
        {
            Cause = "trash.moved", Trash = new TrashChange(TrashKind.Gallery, kept, Guid.NewGuid(), DateTimeOffset.UtcNow, "someone", Restored: false),
        });

        Assert.Equal(before, await TrashedAsync(kept));
    }

    [Fact]
    public async Task ARestoreOutOfTheTrashUndoesOnlyTheMoveItUndid()
    {
        var gallery = (await _bed.PhotosAsync("Moved again", 1))[0].Gallery;
        var staff = await _bed.Bed.ThornStaffAsync();
        Assert.True((await _bed.Host.Get<GalleryService>().DeleteGalleryAsync(staff, gallery)).Succeeded);
        var moved = await TrashedAsync(gallery);
        var organisation = staff.OrganisationId!.Value;

        // The restore of an earlier move, logged after this newer move (moves are logged after their commit).
        await _bed.Host.Get<DeletionReplay>().ApplyAsync(new DeletionRecord
        {
            Cause = "trash.restored", Trash = new TrashChange(TrashKind.Gallery, gallery, organisation, moved.At!.Value.AddMinutes(-1), staff.UserId, Restored: true),
        });
        Assert.Equal(moved, await TrashedAsync(gallery));

        await _bed.Host.Get<DeletionReplay>().ApplyAsync(new DeletionRecord
        {
            Cause = "trash.restored", Trash = new TrashChange(TrashKind.Gallery, gallery, organisation, moved.At!.Value, staff.UserId, Restored: true),
        });
        Assert.Equal<(DateTimeOffset?, string?)>((null, null), await TrashedAsync(gallery));
    }

    [Fact]
    public async Task ADeletionLogWhoseLastLineWasCutStopsTheRestoreAndNothingIsRestored()
    {
        var gallery = (await _bed.PhotosAsync("Trashed after the backup", 1))[0].Gallery;
        var backup = await _bed.BackUpAsync();
        var staff = await _bed.Bed.ThornStaffAsync();
        Assert.True((await _bed.Host.Get<GalleryService>().DeleteGalleryAsync(staff, gallery)).Succeeded);
        var log = (FileDeletionLog)_bed.Host.Get<IDeletionLog>();
        var lines = await File.ReadAllLinesAsync(log.FilePath);
        await File.WriteAllLinesAsync(log.FilePath, lines[..^1]);
        await _bed.LoseDataDirectoryAsync();

        var refused = await _bed.RestoreAsync(backup.Folder);

        Assert.Equal(OutcomeKind.Invalid, refused.Kind);
        Assert.Contains("its last lines were removed", refused.Error);
        Assert.Contains("nothing was restored", refused.Error);
        var photo = backup.Manifest.Files.First(f => f.Path.StartsWith("uploads/", StringComparison.Ordinal)).Path;
        Assert.False(File.Exists(_bed.UploadPath(photo["uploads/".Length..])), "no photo was put back");
    }

    private async Task<(DateTimeOffset? At, string? By)> TrashedAsync(Guid gallery)
    {
        await using var db = await _bed.Host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var row = await db.Galleries.Where(g => g.Id == gallery).Select(g => new { g.TrashedAt, g.TrashedBy }).SingleAsync();
        return (row.TrashedAt, row.TrashedBy);
    }
}
