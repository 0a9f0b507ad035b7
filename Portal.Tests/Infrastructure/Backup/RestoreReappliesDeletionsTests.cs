using Microsoft.EntityFrameworkCore;
using Portal.Domain.Lifecycle;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Galleries;
using Portal.Infrastructure.Lifecycle;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Backup;

/// <summary>A restore of a backup taken before a deletion destroys the deleted photos again: restoring never resurrects them.</summary>
public sealed class RestoreReappliesDeletionsTests : IAsyncLifetime
{
    private BackupBed _bed = null!;

    public async Task InitializeAsync() => _bed = await BackupBed.StartAsync();

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task APhotoAndAGalleryPurgedAfterTheBackupStayDeletedAfterTheRestore()
    {
        var kept = await _bed.PhotosAsync("Kept gallery", 2);
        var doomedGallery = await _bed.PhotosAsync("Deleted gallery", 2);
        var backup = await _bed.BackUpAsync();
        var staff = await _bed.Bed.ThornStaffAsync();
        var galleries = _bed.Host.Get<GalleryService>();
        // Deleting moves to the trash; the purge after the grace is the eraser's, and it logs what it destroys.
        Assert.True((await galleries.DeleteImageAsync(staff, kept[1].Image)).Succeeded);
        Assert.True((await galleries.DeleteGalleryAsync(staff, doomedGallery[0].Gallery)).Succeeded);
        await EraseAsync(staff.OrganisationId!.Value, ErasureScope.Photo, kept[1].Image);
        await EraseAsync(staff.OrganisationId!.Value, ErasureScope.Gallery, doomedGallery[0].Gallery);
        // The two moves to the trash are logged too (for a restore to make them again); the erasures follow them.
        var logged = (await _bed.Host.Get<IDeletionLog>().ReadAfterAsync(backup.Manifest.DeletionLogPosition)).Where(r => r.Trash is null).ToList();
        Assert.Equal([kept[1].Face.Id], logged[0].FaceIds);
        Assert.Equal([doomedGallery[0].Gallery], logged[1].GalleryIds);
        Assert.Equal(doomedGallery.Select(p => p.StoredName).Order(), logged[1].StoredNames.Order());

        await _bed.LoseDataDirectoryAsync();
        var restored = await _bed.RestoreAsync(backup.Folder);

        Assert.True(restored.Succeeded, restored.Error);
        Assert.Equal((2, 2), (restored.Value!.DeletionsReapplied, restored.Value.TrashMovesReapplied));
        Assert.True(restored.Value.ChainIntact, restored.Value.ChainProblem);
        Assert.Equal((1, 1), (restored.Value.PhotosOpened, restored.Value.PhotosStored));
        var deleted = doomedGallery.Append(kept[1]).ToList();
        await using (var db = await _bed.Host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            var deletedFaces = deleted.Select(p => p.Face.Id).ToList();
            var deletedImages = deleted.Select(p => p.Image).ToList();
            Assert.False(await db.Faces.AnyAsync(f => deletedFaces.Contains(f.Id)));
            Assert.False(await db.GalleryImages.AnyAsync(i => deletedImages.Contains(i.Id)));
            Assert.False(await db.Galleries.AnyAsync(g => g.Id == doomedGallery[0].Gallery));
            Assert.True(await db.Faces.AnyAsync(f => f.Id == kept[0].Face.Id));
        }
        foreach (var photo in deleted)
        {
            Assert.False(File.Exists(_bed.UploadPath(photo.StoredName)), "the deleted photo's file came back");
            Assert.False(File.Exists(_bed.UploadPath($"crops/{photo.Face.Id:N}.jpg")), "the deleted face's crop came back");
            Assert.False(File.Exists(_bed.UploadPath($"crops/{photo.Face.Id:N}.large.jpg")), "the deleted face's large crop came back");
        }
        Assert.True(File.Exists(_bed.UploadPath(kept[0].StoredName)));

        // A search process started on the restored database: its index holds the kept face and none of the deleted ones.
        await using var searcher = await FaceReplicaBed.StartAsync(_bed.Data.Path, extra: new Dictionary<string, string?>(_bed.Database.Settings));
        await searcher.Get<FaceIndexReplicaService>().StartAsync(CancellationToken.None);
        Assert.True(await FaceReplicaBed.EventuallyAsync(() => Task.FromResult(searcher.Finds(kept[0].Face)), TimeSpan.FromSeconds(10)));
        Assert.All(deleted, photo => Assert.False(searcher.Finds(photo.Face)));
        await searcher.Get<FaceIndexReplicaService>().StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task ACasePurgedAfterTheBackupComesBackWithoutItsPhotoNamesAndNotes()
    {
        var staff = await _bed.Bed.ThornStaffAsync();
        var seeded = await ReviewScenario.SearchedCaseAsync(_bed.Host.Services, staff, "RESTORE-CASE", 1);
        var backup = await _bed.BackUpAsync();
        await EraseAsync(staff.OrganisationId!.Value, ErasureScope.Case, seeded.CaseId);

        await _bed.LoseDataDirectoryAsync();
        var restored = await _bed.RestoreAsync(backup.Folder);

        Assert.True(restored.Succeeded, restored.Error);
        await using var db = await _bed.Host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var searchCase = await db.Cases.SingleAsync(c => c.Id == seeded.CaseId);
        Assert.NotNull(searchCase.PurgedAt);
        Assert.Equal(("", null), (searchCase.Notes, searchCase.ClosureNote));
        Assert.All(await db.Probes.Where(p => p.CaseId == seeded.CaseId).ToListAsync(), p => Assert.Equal(("erased", ""), (p.DisplayName, p.OriginalSha256)));
    }

    private async Task EraseAsync(Guid organisationId, ErasureScope scope, Guid scopeId)
    {
        var eraser = _bed.Host.Get<BiometricEraser>();
        ErasureRecord record;
        await using (var db = await _bed.Host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            record = eraser.Stage(db, new ErasureRecord
            {
                Cause = ErasureCause.Trash, Scope = scope, ScopeId = scopeId, OrganisationId = organisationId,
                RequestedAt = DateTimeOffset.UtcNow, RequestedBy = "system",
            });
            await db.SaveChangesAsync();
        }
        await eraser.RunAsync(record.Id);
    }
}
