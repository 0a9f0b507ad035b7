using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Hosting;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;
using static Portal.Tests.Support.FaceReplicaBed;

namespace Portal.Tests.Infrastructure.Face;

/// <summary>Issue 15 item 2: on PostgreSQL a face's number comes from a database sequence, not from MAX+1.</summary>
public sealed class FaceNumberTests
{
    [PostgreSqlFact]
    public async Task TheNumberOfTheLastFaceDeletedIsNeverGivenToANewOne()
    {
        using var data = new TempDirectory();
        await using var host = await InfrastructureHost.StartAsync(data.Path, database: await TestDatabase.PostgreSqlAsync());
        var store = host.Get<FaceStore>();
        var gallery = Guid.NewGuid();
        var (first, last) = (NewFace(gallery, 1), NewFace(gallery, 2));
        await store.AddAsync([first, last]);

        await store.RemoveAsync([last.Id]);
        var next = NewFace(gallery, 3);
        await store.AddAsync([next]);

        // MAX+1 would give the deleted face's number again.
        Assert.Equal([first.Sequence + 1, first.Sequence + 2], new[] { last.Sequence, next.Sequence });
        await using var db = await host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.Equal(next.Sequence, await db.Faces.Where(f => f.Id == next.Id).Select(f => f.Sequence).SingleAsync());
    }

    [PostgreSqlFact]
    public async Task TheSequenceContinuesAfterTheFacesStoredBeforeIt()
    {
        using var data = new TempDirectory();
        // The portal's own registration shapes the model (Identity's options), as at start-up.
        await using var services = StandaloneServices.Build(new Dictionary<string, string?>(
            (await TestDatabase.PostgreSqlAsync()).Settings) { ["Portal:DataDirectory"] = data.Path }, AppContext.BaseDirectory);
        await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        await db.GetService<IMigrator>().MigrateAsync("20261201101155_FaceChangeLog");
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "Faces" ("Id", "Sequence", "GalleryId", "ImageId", "X", "Y", "Width", "Height", "DetectionScore", "Embedding", "CreatedAt")
            VALUES ({Guid.NewGuid()}, 41, {Guid.NewGuid()}, {Guid.NewGuid()}, 0, 0, 10, 10, 1, {new byte[2048]}, {DateTimeOffset.UtcNow})
            """);

        await db.Database.MigrateAsync();

        Assert.Equal([42L, 43L], await FaceNumbers.TakeAsync(db, 2, CancellationToken.None));
    }
}
