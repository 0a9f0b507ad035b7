using Microsoft.EntityFrameworkCore;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;
using static Portal.Tests.Support.FaceReplicaBed;

namespace Portal.Tests.Infrastructure.Face;

/// <summary>On PostgreSQL each embedding stays in its face's row, so a start-up load reads no out-of-line storage.</summary>
public sealed class FaceStorageTests
{
    [PostgreSqlFact]
    public async Task StoredEmbeddingsLiveInTheirRowsNotInOutOfLineStorage()
    {
        using var data = new TempDirectory();
        await using var host = await InfrastructureHost.StartAsync(data.Path, database: await TestDatabase.PostgreSqlAsync());
        var gallery = Guid.NewGuid();
        await host.Get<FaceStore>().AddAsync([.. Enumerable.Range(0, 20).Select(seed => NewFace(gallery, seed))]);
        await using var db = await host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

        var storage = await db.Database.SqlQuery<string>($"""
            SELECT attstorage::text AS "Value" FROM pg_attribute WHERE attrelid = '"Faces"'::regclass AND attname = 'Embedding'
            """).SingleAsync();
        var toasted = await db.Database.SqlQuery<long>($"""
            SELECT pg_relation_size(reltoastrelid) AS "Value" FROM pg_class WHERE oid = '"Faces"'::regclass
            """).SingleAsync();

        Assert.Equal("p", storage);
        Assert.Equal(0, toasted);
    }
}
