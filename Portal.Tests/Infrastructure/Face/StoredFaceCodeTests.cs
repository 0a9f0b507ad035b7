using Microsoft.EntityFrameworkCore;
using Portal.Domain.Faces;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;
using static Portal.Tests.Support.FaceReplicaBed;

namespace Portal.Tests.Infrastructure.Face;

/// <summary>
/// Each stored face keeps its index code beside its embedding (FaceCodes), so a starting process reads and places the
/// codes instead of encoding every face; a face without a usable code is still loaded, from its embedding.
/// </summary>
public sealed class StoredFaceCodeTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task EveryStoredFaceGetsTheCodeTheIndexWouldComputeAndLosesItWithTheFace()
    {
        await using var host = await StartAsync(_data.Path);
        var gallery = Guid.NewGuid();
        var faces = Enumerable.Range(1, 3).Select(seed => NewFace(gallery, seed)).ToList();
        await host.Get<FaceStore>().AddAsync(faces);

        var codes = await CodesAsync(host);
        Assert.Equal(3, codes.Count);
        foreach (var face in faces)
        {
            var code = codes[face.Id];
            Assert.Equal(FaceCodes.Encode(face.EmbeddingVector()), code.Code);
            Assert.Equal((FaceCodes.Format, gallery, face.PipelineVersion), (code.Format, code.GalleryId, code.PipelineVersion));
        }

        await host.Get<FaceStore>().RemoveAsync([faces[0].Id]);

        Assert.Equal(new[] { faces[1].Id, faces[2].Id }.Order(), (await CodesAsync(host)).Keys.Order());
    }

    [Fact]
    public async Task ALoadFromCodesAnswersSearchesExactlyAsALoadFromEmbeddings()
    {
        await using var a = await StartAsync(_data.Path);
        var galleries = new[] { Guid.NewGuid(), Guid.NewGuid() };
        // More than two chunks of 4,096, so the chunks' taking turns is part of it.
        var faces = Enumerable.Range(1, 2 * 4096 + 300).Select(seed => NewFace(galleries[seed % 2], seed)).ToList();
        await a.Get<FaceStore>().AddAsync(faces);
        using var reference = new InMemoryFaceIndex();
        foreach (var face in faces)
            reference.Upsert(face.Id, face.GalleryId, face.EmbeddingVector());

        await using var b = await StartAsync(_data.Path);
        var replica = b.Get<FaceIndexReplica>();
        Assert.Equal(faces.Count, await replica.LoadAsync());

        Assert.Equal(0, replica.FacesWithoutCodes);
        var loaded = b.Get<IFaceIndex>();
        foreach (var probe in faces.Where((_, i) => i % 797 == 0))
        {
            var query = probe.EmbeddingVector();
            var all = galleries.ToHashSet();
            Assert.Equal(Matches(reference.Search(query, all, 10, 0f)), Matches(loaded.Search(query, all, 10, 0f)));
            var one = new HashSet<Guid> { probe.GalleryId };
            Assert.Equal(Matches(reference.Search(query, one, 10, 0f)), Matches(loaded.Search(query, one, 10, 0f)));
        }
    }

    [Fact]
    public async Task FacesWithoutAUsableCodeAreLoadedFromTheirEmbeddingsAndGetOneInTheBackground()
    {
        await using var a = await StartAsync(_data.Path);
        var gallery = Guid.NewGuid();
        var faces = Enumerable.Range(1, 40).Select(seed => NewFace(gallery, seed)).ToList();
        await a.Get<FaceStore>().AddAsync(faces);
        var ids = faces.Select(f => f.Id).ToList();
        await using (var db = await a.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            // Stored before codes were kept; stored under an earlier format; damaged (cut short, or a NaN).
            await db.FaceCodes.Where(c => ids.Take(5).Contains(c.FaceId)).ExecuteDeleteAsync();
            await db.FaceCodes.Where(c => ids.Skip(5).Take(5).Contains(c.FaceId)).ExecuteUpdateAsync(s => s.SetProperty(c => c.Format, FaceCodes.Format - 1));
            await db.FaceCodes.Where(c => c.FaceId == ids[10]).ExecuteUpdateAsync(s => s.SetProperty(c => c.Code, new byte[100]));
            var nan = FaceCodes.Encode(faces[11].EmbeddingVector())!;
            BitConverter.TryWriteBytes(nan.AsSpan(FaceCodes.Bytes - 3 * sizeof(float)), float.NaN); // the scale
            await db.FaceCodes.Where(c => c.FaceId == ids[11]).ExecuteUpdateAsync(s => s.SetProperty(c => c.Code, nan));
        }

        await using var b = await StartAsync(_data.Path);
        Assert.Equal(40, await b.Get<FaceIndexReplica>().LoadAsync());
        Assert.Equal(12, b.Get<FaceIndexReplica>().FacesWithoutCodes);
        Assert.All(faces, face => Assert.True(b.Finds(face), $"face {faces.IndexOf(face)} is searchable"));

        // The NaN row has the right size and format: only a load can tell it is unusable, so it stays encoded at load.
        Assert.Equal(11, await b.Get<FaceCodeBackfill>().RunAsync());
        Assert.Equal(0, await b.Get<FaceCodeBackfill>().RunAsync());
        var codes = await CodesAsync(b);
        Assert.All(faces.Where(f => f.Id != ids[11]), face => Assert.Equal(FaceCodes.Encode(face.EmbeddingVector()), codes[face.Id].Code));
        Assert.All(codes.Values, code => Assert.Equal(FaceCodes.Format, code.Format));

        await using var c = await StartAsync(_data.Path);
        Assert.Equal(40, await c.Get<FaceIndexReplica>().LoadAsync());
        Assert.Equal(1, c.Get<FaceIndexReplica>().FacesWithoutCodes);
        Assert.All(faces, face => Assert.True(c.Finds(face)));
    }

    [Fact]
    public async Task AFaceTheIndexRefusesIsMarkedOnceAndThenNeitherWakesTheBackfillNorCountsAsUncoded()
    {
        await using var a = await StartAsync(_data.Path);
        var gallery = Guid.NewGuid();
        var good = NewFace(gallery, 1);
        var vector = NewFace(gallery, 2).EmbeddingVector();
        vector[3] = float.NaN;
        var poisoned = new StoredFace { GalleryId = gallery, ImageId = good.ImageId, Width = 100, Height = 100, DetectionScore = 1, Embedding = StoredFace.Pack(vector), PipelineVersion = good.PipelineVersion };
        await a.Get<FaceStore>().AddAsync([good, poisoned]);
        Assert.Empty((await CodesAsync(a))[poisoned.Id].Code);

        // As after an upgrade from a portal that kept no codes: the refused face has no row yet.
        await using (var db = await a.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
            await db.FaceCodes.Where(c => c.FaceId == poisoned.Id).ExecuteDeleteAsync();
        await using var b = await StartAsync(_data.Path);
        Assert.Equal(1, await b.Get<FaceIndexReplica>().LoadAsync());
        Assert.Equal(1, b.Get<FaceIndexReplica>().FacesWithoutCodes);
        Assert.Equal(1, await b.Get<FaceCodeBackfill>().RunAsync());
        Assert.Equal(0, await b.Get<FaceCodeBackfill>().RunAsync());

        await using var c = await StartAsync(_data.Path);
        Assert.Equal(1, await c.Get<FaceIndexReplica>().LoadAsync());
        Assert.Equal(0, c.Get<FaceIndexReplica>().FacesWithoutCodes);
        Assert.True(c.Finds(good));
        Assert.Empty((await CodesAsync(c))[poisoned.Id].Code);
    }

    [Fact]
    public async Task TheBackfillCodesEveryFaceStillStoredAndNoOther()
    {
        await using var host = await StartAsync(_data.Path);
        var gallery = Guid.NewGuid();
        var faces = Enumerable.Range(1, 3).Select(seed => NewFace(gallery, seed)).ToList();
        await host.Get<FaceStore>().AddAsync(faces);
        await using (var db = await host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
            await db.FaceCodes.ExecuteDeleteAsync();
        await host.Get<FaceStore>().RemoveAsync([faces[0].Id]);

        Assert.Equal(2, await host.Get<FaceCodeBackfill>().RunAsync());

        Assert.Equal(2, (await CodesAsync(host)).Count);
    }

    private static List<(Guid, float)> Matches(IReadOnlyList<FaceMatch> matches) => matches.Select(m => (m.FaceId, m.Similarity)).ToList();

    private static async Task<Dictionary<Guid, StoredFaceCode>> CodesAsync(InfrastructureHost host)
    {
        await using var db = await host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.FaceCodes.AsNoTracking().ToDictionaryAsync(c => c.FaceId);
    }

    public void Dispose() => _data.Dispose();
}
