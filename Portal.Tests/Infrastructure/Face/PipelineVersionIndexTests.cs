using Microsoft.EntityFrameworkCore;
using Portal.Domain.Faces;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;
using static Portal.Tests.Support.FaceReplicaBed;

namespace Portal.Tests.Infrastructure.Face;

/// <summary>
/// Searches never compare across pipeline versions: the index a search uses holds the active version's faces only,
/// and every process's replica swaps to the new version when the active version changes in the database.
/// </summary>
public sealed class PipelineVersionIndexTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task AFaceOfVersionTwoIsNotFoundWhileVersionOneIsActiveAndOnlyItIsFoundAfterTheSwitch()
    {
        await using var a = await StartAsync(_data.Path);
        await using var b = await StartAsync(_data.Path);
        var gallery = Guid.NewGuid();
        var sample = NewFace(gallery, 1);
        var old = new StoredFace
        {
            GalleryId = gallery, ImageId = sample.ImageId, Width = 100, Height = 100, DetectionScore = 1, Embedding = sample.Embedding, PipelineVersion = 1,
        };
        var next = new StoredFace
        {
            GalleryId = gallery, ImageId = old.ImageId, Width = 100, Height = 100, DetectionScore = 1, Embedding = NewFace(gallery, 2).Embedding, PipelineVersion = 2,
        };
        await SetStateAsync(a, active: 1, target: 2);
        await a.Get<FaceStore>().AddAsync([old, next]);

        foreach (var host in new[] { a, b })
        {
            await host.Get<FaceIndexReplica>().CatchUpAsync();
            Assert.True(host.Finds(old));
            Assert.False(host.Finds(next), "a version 2 face is not searched while version 1 is active");
        }

        await SetStateAsync(a, active: 2, target: null);
        foreach (var host in new[] { a, b })
        {
            await host.Get<FaceIndexReplica>().CatchUpAsync();
            Assert.Equal(2, host.Get<FaceIndexReplica>().PipelineVersion);
            Assert.True(host.Finds(next));
            Assert.False(host.Finds(old), "after the switch version 1 faces are not searched, even before their rows go");
        }
    }

    private static async Task SetStateAsync(InfrastructureHost host, int active, int? target)
    {
        await using var db = await host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        await db.FacePipelineStates.ExecuteUpdateAsync(s => s.SetProperty(x => x.ActiveVersion, active).SetProperty(x => x.TargetVersion, target));
    }

    public void Dispose() => _data.Dispose();
}
