using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Faces;
using Portal.Domain.Queue;
using Portal.Infrastructure.Common;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Galleries;
using Portal.Infrastructure.Queue;
using Portal.Infrastructure.Uploads;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Face;

/// <summary>
/// A new face pipeline version re-embeds every stored photo on the queue (issue 18, point 2): searches answer with the
/// old version until the new one is complete, a stopped run resumes at its checkpoint, and deleted photos stay deleted.
/// </summary>
public sealed class ReindexTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private ReindexBed? _bed;

    public Task InitializeAsync() => Task.CompletedTask;

    [FaceFact]
    public async Task AReindexFromVersionOneToTwoRunsOnTheQueueWhileSearchesUseVersionOneThenSwitches()
    {
        var bed = _bed = await ReindexBed.StartAsync(_data.Path);
        // Start-up queued one re-index; another process of the new build starting meanwhile queues none.
        await using (var third = await QueueTestBed.StartAsync(_data.Path, overrides: ReindexBed.VersionTwo))
            Assert.Equal(JobState.Queued, (await bed.ReindexJobAsync()).State);
        var obama = bed.Images[0];
        var oldFaces = (await bed.ReadAsync(db => db.Faces.Where(f => f.ImageId == obama).Select(f => f.Id).ToListAsync())).ToHashSet();
        Assert.NotEmpty(oldFaces);

        var host = bed.Next.Host;
        var probe = (await host.Get<FacePipeline>().AnalyzeAsync(File.OpenRead(SharedFaces.File("people/obama/obama2.jpg")))).Faces.First(f => f.Quality.Passed).Embedding!;
        var replica = host.Get<FaceIndexReplica>();
        await replica.LoadAsync();
        // After each batch (its heartbeat, which the job awaits) and at claim and completion: what a search answers now.
        var samples = new List<(int Active, List<Guid> Found)>();
        using var watch = host.Get<Notifier<JobsChanged>>().Subscribe(async _ =>
        {
            await replica.CatchUpAsync();
            var found = host.Get<IFaceIndex>().Search(probe, new HashSet<Guid> { bed.Gallery }, 10, 0.4f).Select(m => m.FaceId).ToList();
            samples.Add(((await bed.StateAsync()).ActiveVersion, found));
        });
        await bed.Next.Worker.StartAsync(CancellationToken.None);
        await bed.Next.WaitUntilAsync(jobs => jobs.Single(j => j.Kind == JobKind.Reindex).State == JobState.Succeeded);
        await bed.Next.Worker.StopAsync(CancellationToken.None);

        var before = samples.Where(s => s.Active == 1).ToList();
        Assert.True(before.Count >= ReindexBed.Photos.Length, $"searched during the run {before.Count} time(s)");
        Assert.All(before, s => Assert.True(s.Found.Count > 0 && s.Found.All(oldFaces.Contains), "version 1 answers until the switch"));
        var state = await bed.StateAsync();
        Assert.Equal((2, null, 3), (state.ActiveVersion, state.TargetVersion, state.PhotosDone));
        var newFaces = (await bed.ReadAsync(db => db.Faces.Where(f => f.ImageId == obama).Select(f => f.Id).ToListAsync())).ToHashSet();
        Assert.False(await bed.ReadAsync(db => db.Faces.AnyAsync(f => f.PipelineVersion == 1)), "version 1's embeddings are deleted");
        await replica.CatchUpAsync();
        var after = host.Get<IFaceIndex>().Search(probe, new HashSet<Guid> { bed.Gallery }, 10, 0.4f).Select(m => m.FaceId).ToList();
        Assert.NotEmpty(after);
        Assert.All(after, id => Assert.Contains(id, newFaces));
        var actions = await bed.ReadAsync(db => db.AuditEntries.Where(e => e.Action.StartsWith("reindex.")).Select(e => e.Action).ToListAsync());
        Assert.Equal(new[] { AuditActions.ReindexStarted, AuditActions.ReindexCompleted, AuditActions.ReindexOldFacesDeleted }.Order(), actions.Order());
    }

    [FaceFact]
    public async Task AStoppedRunResumesAtItsCheckpointRatherThanFromTheFirstPhoto()
    {
        var bed = _bed = await ReindexBed.StartAsync(_data.Path);
        var job = await bed.ReindexJobAsync();
        var reindex = bed.Next.Host.Get<FaceReindex>();

        // The worker stops after the first batch (one photo): its successor must not embed that photo again.
        using var stop = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reindex.RunAsync(job.SubjectId, 1, _ => stop.CancelAsync(), stop.Token));
        Assert.Equal((1, 1, 3), ((await bed.StateAsync()).ActiveVersion, (await bed.StateAsync()).PhotosDone, ReindexBed.Photos.Length));

        var embedded = 0;
        await reindex.RunAsync(job.SubjectId, 2, async _ =>
        {
            if ((await bed.StateAsync()).TargetVersion is not null)
                embedded++; // a batch of photos, not the clean-up after the switch
        }, CancellationToken.None);

        Assert.Equal(2, embedded);
        Assert.Equal(2, (await bed.StateAsync()).ActiveVersion);
        // Each photo has exactly the faces it had under version 1: none embedded twice, none lost.
        var counts = await bed.ReadAsync(db => db.GalleryImages.Select(i => new { i.IndexedFaces, Now = db.Faces.Count(f => f.ImageId == i.Id) }).ToListAsync());
        Assert.All(counts, c => Assert.Equal(c.IndexedFaces, c.Now));
        Assert.True(await bed.ReadAsync(db => db.AuditEntries.AnyAsync(e => e.Action == AuditActions.ReindexResumed && e.Details.Contains("Resumed at 1 of 3"))));
    }

    [FaceFact]
    public async Task APhotoDeletedDuringTheRunIsNotBroughtBack()
    {
        var bed = _bed = await ReindexBed.StartAsync(_data.Path);
        var job = await bed.ReindexJobAsync();
        Guid? deleted = null;

        await bed.Next.Host.Get<FaceReindex>().RunAsync(job.SubjectId, 1, async _ =>
        {
            if (deleted is not null)
                return;
            deleted = await bed.ReadAsync(db => db.GalleryImages.Where(i => i.EmbeddedVersion == 1).Select(i => i.Id).FirstAsync());
            Assert.True((await bed.Next.Host.Get<GalleryService>().PurgeImageAsync(bed.Staff, deleted.Value)).Succeeded);
        }, CancellationToken.None);

        Assert.Equal(2, (await bed.StateAsync()).ActiveVersion);
        Assert.False(await bed.ReadAsync(db => db.Faces.AnyAsync(f => f.ImageId == deleted)));
        Assert.False(await bed.ReadAsync(db => db.GalleryImages.AnyAsync(i => i.Id == deleted)));
        var counts = await bed.ReadAsync(db => db.GalleryImages.Select(i => new { i.IndexedFaces, Now = db.Faces.Count(f => f.ImageId == i.Id && f.PipelineVersion == 2) }).ToListAsync());
        Assert.Equal(2, counts.Count);
        Assert.All(counts, c => Assert.Equal(c.IndexedFaces, c.Now));
    }

    [FaceFact]
    public async Task TheOldFacesGoInBatchesAfterTheSwitchAndAStoppedCleanUpResumes()
    {
        var bed = _bed = await ReindexBed.StartAsync(_data.Path);
        var job = await bed.ReindexJobAsync();
        var reindex = bed.Next.Host.Get<FaceReindex>();
        var oldFaces = await bed.ReadAsync(db => db.Faces.CountAsync(f => f.PipelineVersion == 1));
        Assert.True(oldFaces >= 3, $"{oldFaces} version 1 face(s)");

        // The worker stops after the first deletion batch (one face): the switch has committed on its own.
        using var stop = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reindex.RunAsync(job.SubjectId, 1, async _ =>
        {
            if ((await bed.StateAsync()).ActiveVersion == 2)
                await stop.CancelAsync();
        }, stop.Token));
        Assert.Equal((2, (int?)null), ((await bed.StateAsync()).ActiveVersion, (await bed.StateAsync()).TargetVersion));
        Assert.Equal(oldFaces - 1, await bed.ReadAsync(db => db.Faces.CountAsync(f => f.PipelineVersion == 1)));

        await reindex.RunAsync(job.SubjectId, 2, _ => Task.CompletedTask, CancellationToken.None);

        Assert.False(await bed.ReadAsync(db => db.Faces.AnyAsync(f => f.PipelineVersion == 1)), "the retry finished the clean-up");
        // Every removal went through the change log, so replicas drop the faces too.
        var removed = await bed.ReadAsync(db => db.Set<FaceChange>().CountAsync(c => c.Kind == FaceChangeKind.Removed));
        Assert.Equal(oldFaces, removed);
    }

    [FaceFact]
    public async Task APhotoThatCannotBeDecodedIsDoneWithNoFaceAndAuditedWhileTheRunGoesOn()
    {
        var bed = _bed = await ReindexBed.StartAsync(_data.Path);
        var job = await bed.ReindexJobAsync();
        var broken = bed.Images[1];
        var stored = await bed.ReadAsync(db => db.GalleryImages.Where(i => i.Id == broken).Select(i => i.StoredName).SingleAsync());
        await File.WriteAllBytesAsync(bed.Next.Host.Get<FileStore>().PathOf(stored), [0x42, 0x41, 0x44, 0x21, 0x00, 0x13, 0x37]);

        await bed.Next.Host.Get<FaceReindex>().RunAsync(job.SubjectId, 1, _ => Task.CompletedTask, CancellationToken.None);

        var state = await bed.StateAsync();
        Assert.Equal((2, 3), (state.ActiveVersion, state.PhotosDone));
        Assert.Equal(2, await bed.ReadAsync(db => db.GalleryImages.Where(i => i.Id == broken).Select(i => i.EmbeddedVersion).SingleAsync()));
        Assert.False(await bed.ReadAsync(db => db.Faces.AnyAsync(f => f.ImageId == broken && f.PipelineVersion == 2)));
        Assert.True(await bed.ReadAsync(db => db.Faces.AnyAsync(f => f.ImageId != broken && f.PipelineVersion == 2)), "the other photos were re-embedded");
        var skipped = await bed.ReadAsync(db => db.AuditEntries.SingleAsync(e => e.Action == AuditActions.ReindexPhotoSkipped));
        Assert.Contains(broken.ToString(), skipped.Details);
        Assert.Contains("Exception", skipped.Details);
        Assert.DoesNotContain(stored, skipped.Details);
        Assert.DoesNotContain(Path.DirectorySeparatorChar.ToString(), skipped.Details);
    }

    public async Task DisposeAsync()
    {
        if (_bed is not null)
            await _bed.DisposeAsync();
        _data.Dispose();
    }
}
