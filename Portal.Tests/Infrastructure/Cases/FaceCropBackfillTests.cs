using Microsoft.EntityFrameworkCore;
using Portal.Domain.Common;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Crops;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Galleries;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Uploads;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Cases;

/// <summary>
/// Faces without a stored crop (indexed before crops were stored): cut once behind the decode gate, then served
/// from disk; and every way of removing a face removes its crops. No models needed: the faces are seeded.
/// </summary>
public sealed class FaceCropBackfillTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private InfrastructureHost _host = default!;
    private Actor _staff = default!;

    public async Task InitializeAsync()
    {
        // One decode slot and no wait, so the test can fill the gate itself.
        _host = await InfrastructureHost.StartAsync(_data.Path, seedDemoData: true, settings: new Dictionary<string, string?>
        {
            ["Portal:Crops:MaxConcurrentDecodes"] = "1", ["Portal:Crops:MaxWait"] = "00:00:00",
        });
        _staff = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.ThornStaff);
    }

    private CropFiles Crops => _host.Get<CropFiles>();

    [Fact]
    public async Task CutsAMissingCropOnceAndServesItFromDiskEvenAfterItsPhotoIsGone()
    {
        var (face, image) = (await FacesAsync(await ReviewScenario.SearchedCaseAsync(_host.Services, _staff, "CROP-BACKFILL", 1)))[0];
        Assert.False(File.Exists(Crops.PathOf(face, large: true)));

        var first = (await _host.Get<FaceCrops>().GalleryFaceAsync(_staff, face, large: true, CancellationToken.None)).Value?.Jpeg;
        Assert.NotNull(first);
        Assert.True(File.Exists(Crops.PathOf(face, large: true)) && File.Exists(Crops.PathOf(face, large: false)));
        _host.Get<FileStore>().Delete(await StoredNameAsync(image));
        var again = (await _host.Get<FaceCrops>().GalleryFaceAsync(_staff, face, large: true, CancellationToken.None)).Value?.Jpeg;
        var standard = (await _host.Get<FaceCrops>().GalleryFaceAsync(_staff, face, large: false, CancellationToken.None)).Value?.Jpeg;

        Assert.Equal(first, again);
        Assert.Equal(await File.ReadAllBytesAsync(Crops.PathOf(face, large: false)), standard);
    }

    [Fact]
    public async Task RefusesAsBusyWhileEveryDecodeSlotIsTakenAndServesOnceOneIsFree()
    {
        var (face, _) = (await FacesAsync(await ReviewScenario.SearchedCaseAsync(_host.Services, _staff, "CROP-BUSY", 1)))[0];

        using (var held = await _host.Get<CropDecodeGate>().TryEnterAsync())
        {
            Assert.NotNull(held);
            var busy = await _host.Get<FaceCrops>().GalleryFaceAsync(_staff, face, large: true, CancellationToken.None);
            Assert.True(busy.Succeeded);
            Assert.Same(ServedCrop.Busy, busy.Value);
        }
        var served = await _host.Get<FaceCrops>().GalleryFaceAsync(_staff, face, large: true, CancellationToken.None);
        Assert.True(served.Succeeded);
        Assert.NotEmpty(served.Value!.Jpeg!);
    }

    [Fact]
    public async Task PurgingAPhotoRemovesItsFacesCropsAndKeepsTheOthers()
    {
        var faces = await ServedFacesAsync("CROP-DELETE-PHOTO");

        Assert.True((await _host.Get<GalleryService>().PurgeImageAsync(_staff, faces[0].Image)).Succeeded);

        Assert.False(HasCrops(faces[0].Face));
        Assert.True(HasCrops(faces[1].Face));
    }

    [Fact]
    public async Task PurgingAGalleryRemovesEveryCropOfItsFaces()
    {
        var faces = await ServedFacesAsync("CROP-DELETE-GALLERY");
        await using var db = await _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var gallery = await db.GalleryImages.Where(i => i.Id == faces[0].Image).Select(i => i.GalleryId).SingleAsync();

        Assert.True((await _host.Get<GalleryService>().PurgeGalleryAsync(_staff, gallery)).Succeeded);

        Assert.All(faces, f => Assert.False(HasCrops(f.Face)));
    }

    [Fact]
    public async Task RemovingFacesFromTheStoreRemovesTheirCrops()
    {
        var faces = await ServedFacesAsync("CROP-REMOVE-FACES");

        await _host.Get<FaceStore>().RemoveAsync([faces[1].Face]);

        Assert.True(HasCrops(faces[0].Face));
        Assert.False(HasCrops(faces[1].Face));
    }

    /// <summary>A seeded case with two candidate faces, each crop requested once so that it is stored.</summary>
    private async Task<List<(Guid Face, Guid Image)>> ServedFacesAsync(string reference)
    {
        var faces = await FacesAsync(await ReviewScenario.SearchedCaseAsync(_host.Services, _staff, reference, 2));
        foreach (var (face, _) in faces)
            Assert.True((await _host.Get<FaceCrops>().GalleryFaceAsync(_staff, face, large: false, CancellationToken.None)).Succeeded);
        Assert.All(faces, f => Assert.True(HasCrops(f.Face)));
        return faces;
    }

    private bool HasCrops(Guid face) => File.Exists(Crops.PathOf(face, large: false)) || File.Exists(Crops.PathOf(face, large: true));

    private async Task<List<(Guid Face, Guid Image)>> FacesAsync(ReviewScenario.SeededCase seeded)
    {
        await using var db = await _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var rows = await db.Candidates.Where(c => seeded.Candidates.Contains(c.Id)).OrderBy(c => c.Rank).Select(c => new { c.FaceId, c.ImageId }).ToListAsync();
        return rows.Select(r => (r.FaceId, r.ImageId)).ToList();
    }

    private async Task<string> StoredNameAsync(Guid image)
    {
        await using var db = await _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.GalleryImages.Where(i => i.Id == image).Select(i => i.StoredName).SingleAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }
}
