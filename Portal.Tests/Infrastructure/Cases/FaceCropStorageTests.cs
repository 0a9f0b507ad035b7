using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Organisations;
using Portal.Domain.Queue;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Crops;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Queue;
using Portal.Infrastructure.Uploads;
using Portal.Tests.Support;
using SixLabors.ImageSharp;

namespace Portal.Tests.Infrastructure.Cases;

/// <summary>Crops are cut by the queue job that indexes or searches a photo, on the real models, and served from disk afterwards.</summary>
public sealed class FaceCropStorageTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [FaceFact]
    public async Task StoresTheCropsOfAGalleryPhotosFacesWhenItIsIndexed()
    {
        await using var bed = await QueueTestBed.StartAsync(_data.Path);
        var (face, _) = await IndexAsync(bed, "people/obama/obama1.jpg");

        var crops = bed.Host.Get<CropFiles>();
        Assert.Equal((CropCutter.StandardSize, CropCutter.StandardSize), Dimensions(crops.PathOf(face, large: false)));
        var (width, height) = Dimensions(crops.PathOf(face, large: true));
        Assert.Equal(width, height);
        Assert.InRange(width, CropCutter.StandardSize, CropCutter.LargeSize);
    }

    [FaceFact]
    public async Task StoresTheCropsOfAProbesFacesWhenItIsSearched()
    {
        await using var bed = await QueueTestBed.StartAsync(_data.Path);
        var actor = await bed.ThornStaffAsync();
        await bed.Worker.StartAsync(CancellationToken.None);
        var submission = await bed.Host.Get<CaseService>().SubmitAsync(actor, new NewCase("CROPS-1", Purpose.MissingChild, "", [await bed.GalleryAsync(actor)], 10),
            [new ProbeUpload("probe.jpg", null, () => File.OpenRead(SharedFaces.File("people/obama/obama2.jpg")))]);
        Assert.NotNull(submission.CaseId);
        await bed.WaitUntilAsync(jobs => jobs.All(j => j.State == JobState.Succeeded));
        await bed.Worker.StopAsync(CancellationToken.None);

        await using var db = await bed.Host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var faces = await db.ProbeFaces.Select(f => f.Id).ToListAsync();
        Assert.NotEmpty(faces);
        Assert.All(faces, id => Assert.True(File.Exists(bed.Host.Get<CropFiles>().PathOf(id, large: true)) && File.Exists(bed.Host.Get<CropFiles>().PathOf(id, large: false))));
    }

    [FaceFact]
    public async Task ServesAStoredCropWithoutDecodingItsPhotoWhichMayBeGone()
    {
        await using var bed = await QueueTestBed.StartAsync(_data.Path);
        var (face, storedName) = await IndexAsync(bed, "people/obama/obama1.jpg");
        // The original is damaged on disk: any decode of it would fail.
        await File.WriteAllBytesAsync(bed.Host.Get<FileStore>().PathOf(storedName), [0xFF, 0xD8, 0xFF, 0x00]);

        var actor = await bed.ThornStaffAsync();
        var zoomedCrop = await bed.Host.Get<FaceCrops>().GalleryFaceAsync(actor, face, large: true, CancellationToken.None);
        var standard = (await bed.Host.Get<FaceCrops>().GalleryFaceAsync(actor, face, large: false, CancellationToken.None)).Value?.Jpeg;

        Assert.True(zoomedCrop.Succeeded);
        var zoomed = zoomedCrop.Value!.Jpeg;
        Assert.Equal(await File.ReadAllBytesAsync(bed.Host.Get<CropFiles>().PathOf(face, large: true)), zoomed);
        Assert.Equal(await File.ReadAllBytesAsync(bed.Host.Get<CropFiles>().PathOf(face, large: false)), standard);
    }

    [FaceFact]
    public async Task IndexingAPhotoAgainReplacesItsFacesCropsAndLeavesNoneOfTheOldFaces()
    {
        await using var bed = await QueueTestBed.StartAsync(_data.Path);
        var (first, _) = await IndexAsync(bed, "people/obama/obama1.jpg");
        var job = (await bed.JobsAsync()).Single();

        await bed.Host.Services.GetServices<IJobHandler>().Single(h => h.Kind == JobKind.IndexGalleryImage).RunAsync(job, _ => Task.CompletedTask, CancellationToken.None);

        await using var db = await bed.Host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var second = await db.Faces.Select(f => f.Id).SingleAsync();
        Assert.NotEqual(first, second);
        Assert.Equal([second.ToString("N") + ".jpg", second.ToString("N") + ".large.jpg"],
            Directory.EnumerateFiles(bed.Host.Get<CropFiles>().Folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    private static async Task<(Guid Face, string StoredName)> IndexAsync(QueueTestBed bed, string photo)
    {
        var actor = await bed.ThornStaffAsync();
        var image = (await bed.UploadAsync(actor, await bed.GalleryAsync(actor), 1, _ => File.ReadAllBytes(SharedFaces.File(photo))))[0];
        await bed.Worker.StartAsync(CancellationToken.None);
        await bed.WaitUntilAsync(jobs => jobs.All(j => j.State == JobState.Succeeded));
        await bed.Worker.StopAsync(CancellationToken.None);
        await using var db = await bed.Host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var face = await db.Faces.Where(f => f.ImageId == image).Select(f => f.Id).SingleAsync();
        return (face, await db.GalleryImages.Where(i => i.Id == image).Select(i => i.StoredName).SingleAsync());
    }

    private static (int Width, int Height) Dimensions(string path)
    {
        var info = Image.Identify(path);
        return (info.Width, info.Height);
    }

    public void Dispose() => _data.Dispose();
}
