using Microsoft.EntityFrameworkCore;
using Portal.Domain.Common;
using Portal.Domain.Faces;
using Portal.Domain.Queue;
using Portal.Infrastructure.Persistence;

namespace Portal.Tests.Support;

/// <summary>
/// A change of face pipeline version across processes: a host of version 1 indexes real photos, then a host of
/// version 2 (the same models, numbered 2) starts on the same data and queues the re-index.
/// </summary>
public sealed class ReindexBed : IAsyncDisposable
{
    public static readonly string[] Photos = ["people/obama/obama1.jpg", "people/biden/biden1.jpg", "people/amy/amy1.png"];

    private ReindexBed(QueueTestBed old, QueueTestBed next, Actor staff, Guid gallery, List<Guid> images) =>
        (Old, Next, Staff, Gallery, Images) = (old, next, staff, gallery, images);

    public QueueTestBed Old { get; }
    public QueueTestBed Next { get; }
    public Actor Staff { get; }
    public Guid Gallery { get; }
    public List<Guid> Images { get; }

    /// <summary>A process set to version 1: on an empty portal it takes version 1, as every portal before version 2 did.</summary>
    public static Dictionary<string, string?> VersionOne => new(FaceReplicaBed.Fast) { ["Portal:Face:PipelineVersion"] = "1" };

    public static Dictionary<string, string?> VersionTwo => new(FaceReplicaBed.Fast)
    {
        ["Portal:Face:PipelineVersion"] = "2",
        ["Portal:FaceIndex:ReindexBatchSize"] = "1",
        ["Portal:FaceIndex:ReindexDeleteBatchSize"] = "1",
    };

    /// <summary><paramref name="whileVersionOne"/> runs on the version 1 host, its worker running, once the photos are indexed.</summary>
    public static async Task<ReindexBed> StartAsync(string data, Func<QueueTestBed, Actor, Guid, Task>? whileVersionOne = null, IDictionary<string, string?>? next = null)
    {
        var old = await QueueTestBed.StartAsync(data, overrides: VersionOne);
        var staff = await old.ThornStaffAsync();
        var gallery = await old.GalleryAsync(staff);
        var images = await old.UploadAsync(staff, gallery, Photos.Length, i => File.ReadAllBytes(SharedFaces.File(Photos[i])));
        await old.Worker.StartAsync(CancellationToken.None);
        await old.WaitUntilAsync(jobs => jobs.All(j => j.State == JobState.Succeeded));
        if (whileVersionOne is not null)
            await whileVersionOne(old, staff, gallery);
        await old.Worker.StopAsync(CancellationToken.None);
        var second = await QueueTestBed.StartAsync(data, overrides: next ?? VersionTwo);
        return new ReindexBed(old, second, staff, gallery, images);
    }

    public async Task<T> ReadAsync<T>(Func<PortalDbContext, Task<T>> read)
    {
        await using var db = await Next.Host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await read(db);
    }

    public Task<FacePipelineState> StateAsync() => ReadAsync(db => db.FacePipelineStates.AsNoTracking().SingleAsync());

    public Task<RecognitionJob> ReindexJobAsync() => ReadAsync(db => db.Jobs.AsNoTracking().SingleAsync(j => j.Kind == JobKind.Reindex));

    public async ValueTask DisposeAsync()
    {
        await Next.DisposeAsync();
        await Old.DisposeAsync();
    }
}
