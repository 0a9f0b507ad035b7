using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Faces;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;
using static Portal.Tests.Support.FaceReplicaBed;

namespace Portal.Tests.Infrastructure.Face;

/// <summary>A replica's start snapshot is the faces and the log position they match, read in one transaction.</summary>
public sealed class ReplicaSnapshotTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task AChangeCommittedWhileTheSnapshotLoadsIsAppliedOnceAfterItAndNotClaimedByIt()
    {
        var race = new BeforeFacesRead();
        await using var a = await StartAsync(_data.Path);
        await using var b = await StartAsync(_data.Path, services => services.ConfigureDbContext<PortalDbContext>((_, o) => o.AddInterceptors(race)));
        var gallery = Guid.NewGuid();
        var (early, late) = (NewFace(gallery, 1), NewFace(gallery, 2));
        await a.Get<FaceStore>().AddAsync([early]);
        var before = a.Get<FaceIndexReplica>().AppliedPosition;
        // Between the snapshot's first read (the log position) and its read of the faces (just before the active
        // version is read, the last command before them), another process adds one face and removes another.
        race.Then = async () =>
        {
            await a.Get<FaceStore>().AddAsync([late]);
            await a.Get<FaceStore>().RemoveAsync([early.Id]);
        };

        var replica = b.Get<FaceIndexReplica>();
        Assert.Equal(1, await replica.LoadAsync());

        Assert.True(race.Fired);
        Assert.Equal(before, replica.AppliedPosition);
        Assert.True(b.Finds(early), "the snapshot holds the faces as they were at its position");
        Assert.False(b.Finds(late), "a face committed after the snapshot's position comes from the log, not the snapshot");

        Assert.Equal(2, await replica.CatchUpAsync());
        Assert.Equal(before + 2, replica.AppliedPosition);
        Assert.True(b.Finds(late));
        Assert.False(b.Finds(early));
        Assert.Equal(0, await replica.CatchUpAsync());
    }

    [Fact]
    public async Task TheSnapshotGivesEveryFaceItsOwnEmbeddingAndGallery()
    {
        await using var a = await StartAsync(_data.Path);
        await using var b = await StartAsync(_data.Path);
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        // The load reads faces into two reused chunks of 4096 that take turns being encoded: every face, including
        // those of the last, partly filled chunk, must still keep its own vector and gallery.
        var faces = Enumerable.Range(1, 2 * 4096 + 808).Select(seed => NewFace(seed % 2 == 0 ? first : second, seed)).ToList();
        await a.Get<FaceStore>().AddAsync(faces);

        using var index = new InMemoryFaceIndex();
        var replica = new FaceIndexReplica(b.Get<IDbContextFactory<PortalDbContext>>(), index, TimeProvider.System);
        Assert.Equal(faces.Count, await replica.LoadAsync());

        foreach (var face in faces)
        {
            var best = Assert.Single(index.Search(face.EmbeddingVector(), new HashSet<Guid> { first, second }, 1, 0.99f));
            Assert.Equal((face.Id, face.GalleryId), (best.FaceId, best.GalleryId));
            Assert.True(best.Similarity > 0.999f, $"face {face.Id} is found as itself ({best.Similarity})");
        }
    }

    [Fact]
    public async Task AStoredEmbeddingOfTheWrongSizeIsLeftOutAndEveryOtherFaceLoads()
    {
        await using var a = await StartAsync(_data.Path);
        var gallery = Guid.NewGuid();
        var good = Enumerable.Range(1, 10).Select(seed => NewFace(gallery, seed)).ToList();
        await a.Get<FaceStore>().AddAsync(good);
        var broken = NewFace(gallery, 11);
        await using (var db = await a.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        await using (var transaction = await db.Database.BeginWriteTransactionAsync())
        {
            // Written past the face store, as a damaged or hand-edited database would hold it: 100 numbers, not 512.
            db.Faces.Add(broken = new StoredFace { GalleryId = gallery, ImageId = broken.ImageId, Embedding = broken.Embedding[..400], Sequence = 1_000_000 });
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }

        using var index = new InMemoryFaceIndex();
        var replica = new FaceIndexReplica(a.Get<IDbContextFactory<PortalDbContext>>(), index, TimeProvider.System);

        Assert.Equal(good.Count, await replica.LoadAsync());
        Assert.Equal(good.Count, index.Count);
        Assert.DoesNotContain(index.StoredVectors(), stored => stored.FaceId == broken.Id);
    }

    /// <summary>
    /// Runs <see cref="Then"/> once, just before the snapshot reads the active version: after the log position, before the
    /// faces. (SQLite reads the faces with its own statement, past EF's interceptors.)
    /// </summary>
    private sealed class BeforeFacesRead : DbCommandInterceptor
    {
        public Func<Task>? Then { get; set; }
        public bool Fired { get; private set; }

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (Then is { } then && command.CommandText.Contains("\"ActiveVersion\"", StringComparison.Ordinal))
            {
                Then = null;
                await then();
                Fired = true;
            }
            return await base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }

    [Fact]
    public async Task TheStartUpLoadReadsTheFacesTableStraightThroughRatherThanByTheVersionsIndex()
    {
        await using var a = await StartAsync(_data.Path);
        await a.Get<FaceStore>().AddAsync([NewFace(Guid.NewGuid(), 1)]);
        await using var db = await a.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var select = FaceRows.SelectText(db, FacePipelineVersion.Current);
        var sqlite = db.Database.IsSqlite();

        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var explain = connection.CreateCommand();
        explain.CommandText = (sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN ") + select;
        var lines = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                lines.Add(reader.GetString(sqlite ? reader.GetOrdinal("detail") : 0));
        var plan = string.Join(" | ", lines);

        // Nearly every row is read: walking the version's index and looking each row up again doubled SQLite's work.
        Assert.DoesNotContain("INDEX", plan, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(sqlite ? "SCAN" : "Seq Scan", plan);
    }

    public void Dispose() => _data.Dispose();
}
