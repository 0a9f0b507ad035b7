using Microsoft.EntityFrameworkCore;
using Portal.Domain.Queue;
using Portal.Infrastructure.Common;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Queue;
using Portal.Tests.Support;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Portal.Tests.Infrastructure.Face;

/// <summary>
/// A re-index's progress (the job's percentage and the photos done of the total on /admin/queue) counts the photos a
/// batch moved to the new version: not their faces, and not a photo its own index job stored for both versions already.
/// </summary>
public sealed class ReindexProgressTests : IAsyncLifetime
{
    private const string Group = "groups/obama_and_biden.jpg";
    private readonly TempDirectory _data = new();
    private ReindexBed? _bed;

    public Task InitializeAsync() => Task.CompletedTask;

    [FaceFact]
    public async Task ProgressOnTheQueueCountsPhotosMovedByEachBatchNotFacesNorPhotosDoneAlready()
    {
        // Besides the bed's three single-face photos: one photo of two people and one with no face at all.
        var bed = _bed = await ReindexBed.StartAsync(_data.Path, async (old, staff, gallery) =>
        {
            await old.UploadAsync(staff, gallery, 2, i => i == 0 ? File.ReadAllBytes(SharedFaces.File(Group)) : NoFace());
            await old.WaitUntilAsync(jobs => jobs.All(j => j.State == JobState.Succeeded));
        }, new Dictionary<string, string?>(ReindexBed.VersionTwo) { ["Portal:FaceIndex:ReindexBatchSize"] = "2" });
        const int moved = 5;
        var host = bed.Next.Host;
        var reindex = await bed.ReindexJobAsync();
        // A photo uploaded while the re-index waits: its own index job stores it for both versions, so it is done already.
        await bed.Next.SetJobAsync(reindex.Id, j => j.NotBefore = DateTimeOffset.UtcNow.AddDays(1));
        var early = (await bed.Next.UploadAsync(bed.Staff, bed.Gallery, 1, _ => File.ReadAllBytes(SharedFaces.File("people/amy/amy2.png"))))[0];
        await bed.Next.Worker.StartAsync(CancellationToken.None);
        await bed.Next.WaitUntilAsync(jobs => jobs.Where(j => j.Kind == JobKind.IndexGalleryImage).All(j => j.State == JobState.Succeeded));
        Assert.Equal(2, await bed.ReadAsync(db => db.GalleryImages.Where(i => i.Id == early).Select(i => i.EmbeddedVersion).SingleAsync()));

        // What the queue page shows after each batch: the job's heartbeat (which the handler awaits) publishes the change.
        var admin = await ReviewScenario.ActorAsync(host.Services, TestAccounts.AdminEmail);
        var shown = new List<(int Done, int Total, int Percent)>();
        using var watch = host.Get<Notifier<JobsChanged>>().Subscribe(async _ =>
        {
            var job = await bed.ReindexJobAsync();
            if (job.State == JobState.Running && await host.Get<ReindexProgress>().CurrentAsync(admin) is { } status)
                shown.Add((status.PhotosDone, status.PhotosTotal, job.Progress));
        });
        await bed.Next.SetJobAsync(reindex.Id, j => j.NotBefore = DateTimeOffset.UtcNow);
        bed.Next.Host.Get<JobQueue>().Signal();
        await bed.Next.WaitUntilAsync(jobs => jobs.Single(j => j.Kind == JobKind.Reindex).State == JobState.Succeeded);
        await bed.Next.Worker.StopAsync(CancellationToken.None);

        // Faces per photo differ (two, none, one each), so a count of faces could not come out as the photos.
        var faces = await bed.ReadAsync(db => db.GalleryImages.Where(i => i.Id != early)
            .Select(i => db.Faces.Count(f => f.ImageId == i.Id && f.PipelineVersion == 2)).ToListAsync());
        Assert.Equal(moved, faces.Count);
        Assert.Contains(0, faces);
        Assert.Contains(faces, count => count >= 2);
        // Batches of two photos over five: 2, 4 and 5 done of 5; the photo done already is in neither figure.
        Assert.Equal([(0, moved, 0), (2, moved, 40), (4, moved, 80), (5, moved, 99)], shown.Distinct().ToList());
        var state = await bed.StateAsync();
        Assert.Equal((2, null, moved, moved), (state.ActiveVersion, state.TargetVersion, state.PhotosDone, state.PhotosTotal));
    }

    /// <summary>A photo the detector finds no face in: the index job stores none, and the re-index still moves it.</summary>
    private static byte[] NoFace()
    {
        using var image = new Image<Rgb24>(640, 480);
        for (var y = 0; y < image.Height; y++)
        for (var x = 0; x < image.Width; x++)
            image[x, y] = new Rgb24((byte)(x / 3), (byte)(y / 2), 120);
        using var png = new MemoryStream();
        image.SaveAsPng(png);
        return png.ToArray();
    }

    public async Task DisposeAsync()
    {
        if (_bed is not null)
            await _bed.DisposeAsync();
        _data.Dispose();
    }
}
