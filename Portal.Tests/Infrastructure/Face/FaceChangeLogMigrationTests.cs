using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Portal.Domain.Faces;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Face;

/// <summary>The migration to one change log keeps the history of a database written before it.</summary>
public sealed class FaceChangeLogMigrationTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task ExistingFacesBecomeAddedEntriesInSequenceOrderFollowedByTheLoggedRemovals()
    {
        var (first, second, removed) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var gallery = Guid.NewGuid();
        await using var db = new PortalDbContext(new DbContextOptionsBuilder<PortalDbContext>()
            .UseSqlite($"Data Source={Path.Combine(_data.Path, "portal.db")}").Options);
        await db.GetService<IMigrator>().MigrateAsync("20261130155356_JobFailureReason");
        var embedding = new byte[2048];
        // Sequence order differs from insertion order: the log follows Sequence.
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO Faces (Id, Sequence, GalleryId, ImageId, X, Y, Width, Height, DetectionScore, Embedding, CreatedAt)
            VALUES ({second}, 7, {gallery}, {Guid.NewGuid()}, 0, 0, 10, 10, 1, {embedding}, 1), ({first}, 3, {gallery}, {Guid.NewGuid()}, 0, 0, 10, 10, 1, {embedding}, 2)
            """);
        await db.Database.ExecuteSqlAsync($"INSERT INTO FaceRemovals (FaceId) VALUES ({removed})");

        await db.Database.MigrateAsync();

        var log = await db.Set<FaceChange>().AsNoTracking().OrderBy(c => c.Id).ToListAsync();
        Assert.Equal([(1L, FaceChangeKind.Added, first), (2L, FaceChangeKind.Added, second), (3L, FaceChangeKind.Removed, removed)],
            log.Select(c => (c.Id, c.Kind, c.FaceId)).ToList());
        Assert.Equal(gallery, log[0].GalleryId);
        Assert.Equal(3, await FaceChangeLog.CommittedPositionAsync(db, CancellationToken.None));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _data.Dispose();
    }
}
