using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Faces;
using Portal.Domain.Lifecycle;
using Portal.Domain.Review;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Crops;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Lifecycle;
using Portal.Infrastructure.Uploads;
using Portal.Tests.Support;
using static Portal.Tests.Infrastructure.Lifecycle.ErasureBed;
using static Portal.Tests.Support.FaceReplicaBed;

namespace Portal.Tests.Infrastructure.Lifecycle;

/// <summary>
/// The one way biometric data is destroyed: files, crops, face rows and every replica's copy, counted and proven by hashed
/// ids and audit sequences; run twice it changes nothing; a failing disk makes it throw and the retry finishes.
/// Host A erases; B and C stand for two other processes, each with an index replica.
/// </summary>
public sealed class BiometricEraserTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private QueueTestBed _a = null!;
    private InfrastructureHost _b = null!;
    private InfrastructureHost _c = null!;
    private Actor _staff = null!;

    public async Task InitializeAsync()
    {
        _a = await QueueTestBed.StartAsync(_data.Path, services => services.AddSingleton<TimeProvider>(_clock), overrides: Fast);
        _b = await StartAsync(_data.Path);
        _c = await StartAsync(_data.Path);
        await _b.Get<FaceIndexReplicaService>().StartAsync(CancellationToken.None);
        await _c.Get<FaceIndexReplicaService>().StartAsync(CancellationToken.None);
        _staff = await _a.ThornStaffAsync();
    }

    [Fact]
    public async Task ErasingAGalleryPhotoRemovesItsFileCropsFacesAndEveryReplicasCopyAndRecordsCountsAndHashedIds()
    {
        var gallery = await _a.GalleryAsync(_staff);
        var (image, face) = await IndexedPhotoAsync(gallery, 1);
        var (_, other) = await IndexedPhotoAsync(gallery, 2);
        var stored = await StoredNameAsync(image);

        var record = await EraseAsync(_a.Host, await StageAsync(_a.Host, _staff.OrganisationId!.Value, ErasureScope.Photo, image));

        Assert.False(File.Exists(_a.Host.Get<FileStore>().PathOf(stored)));
        Assert.False(File.Exists(_a.Host.Get<CropFiles>().PathOf(face.Id, large: false)));
        Assert.False(File.Exists(_a.Host.Get<CropFiles>().PathOf(face.Id, large: true)));
        Assert.False(await ReadAsync(_a.Host, db => db.Faces.AnyAsync(f => f.Id == face.Id)));
        Assert.False(await ReadAsync(_a.Host, db => db.GalleryImages.AnyAsync(i => i.Id == image)));
        Assert.False(_b.Finds(face));
        Assert.False(_c.Finds(face));
        Assert.True(_b.Finds(other), "the other photo's face stays");
        Assert.True(File.Exists(_a.Host.Get<CropFiles>().PathOf(other.Id, large: false)));
        Assert.Equal((1, 1, 1, 0), (record.Photos, record.Faces, record.Crops, record.Probes));
        var key = _a.Host.Get<AuditKey>().Bytes;
        Assert.Equal([ErasedIds.Hash(key, image), ErasedIds.Hash(key, face.Id)], JsonSerializer.Deserialize<List<string>>(record.HashedIds)!);
        Assert.NotNull(record.CompletedAt);
        Assert.NotNull(record.ReplicasReachedAt);
        Assert.True(record.ChangePosition > 0);
        await AssertAuditedAsync(record);
    }

    [Fact]
    public async Task ErasingAGalleryRemovesEveryPhotoAndTheGalleryAndRunningItAgainChangesNothing()
    {
        var gallery = await _a.GalleryAsync(_staff, "Erased gallery");
        var (first, firstFace) = await IndexedPhotoAsync(gallery, 3);
        var (second, secondFace) = await IndexedPhotoAsync(gallery, 4);
        var names = new[] { await StoredNameAsync(first), await StoredNameAsync(second) };
        var id = await StageAsync(_a.Host, _staff.OrganisationId!.Value, ErasureScope.Gallery, gallery);

        var record = await EraseAsync(_a.Host, id);
        var entries = await ReadAsync(_a.Host, db => db.AuditEntries.CountAsync());
        var stored = await ReadAsync(_a.Host, db => db.ErasureRecords.AsNoTracking().SingleAsync(r => r.Id == id));
        var again = await _a.Host.Get<BiometricEraser>().RunAsync(id);

        Assert.All(names, name => Assert.False(File.Exists(_a.Host.Get<FileStore>().PathOf(name))));
        Assert.False(await ReadAsync(_a.Host, db => db.Galleries.AnyAsync(g => g.Id == gallery)));
        Assert.False(await ReadAsync(_a.Host, db => db.Faces.AnyAsync(f => f.GalleryId == gallery)));
        Assert.False(_b.Finds(firstFace) || _b.Finds(secondFace) || _c.Finds(firstFace) || _c.Finds(secondFace));
        Assert.Equal((2, 2, 2), (record.Photos, record.Faces, record.Crops));
        Assert.Equal(4, JsonSerializer.Deserialize<List<string>>(record.HashedIds)!.Count);
        // Compared as stored: PostgreSQL keeps microseconds, the fake clock has ticks.
        Assert.Equal((stored.CompletedAt, stored.HashedIds, stored.AuditSequences), (again.CompletedAt, again.HashedIds, again.AuditSequences));
        Assert.Equal(entries, await ReadAsync(_a.Host, db => db.AuditEntries.CountAsync()));
    }

    [Fact]
    public async Task ErasingACaseRemovesItsProbePhotosCropsAndTextAndKeepsItsCandidatesAndDecisions()
    {
        var seeded = await ReviewScenario.SearchedCaseAsync(_a.Host.Services, _staff, "CASE-ERASE", candidates: 2);
        var probe = await ReadAsync(_a.Host, db => db.Probes.SingleAsync(p => p.CaseId == seeded.CaseId));
        var probeFace = await ReadAsync(_a.Host, db => db.ProbeFaces.SingleAsync(f => f.ProbeId == probe.Id));
        await _a.Host.Get<CropFiles>().WriteAsync(probeFace.Id, new FaceCrop([1, 2], [3, 4]));
        var decision = await DecideAsync(seeded.Candidates[0]);

        var record = await EraseAsync(_a.Host, await StageAsync(_a.Host, _staff.OrganisationId!.Value, ErasureScope.Case, seeded.CaseId));

        Assert.False(File.Exists(_a.Host.Get<FileStore>().PathOf(probe.StoredName)));
        Assert.False(File.Exists(_a.Host.Get<CropFiles>().PathOf(probeFace.Id, large: false)));
        Assert.False(File.Exists(_a.Host.Get<CropFiles>().PathOf(probeFace.Id, large: true)));
        var erased = await ReadAsync(_a.Host, db => db.Probes.SingleAsync(p => p.Id == probe.Id));
        Assert.Equal(("erased", "", true), (erased.DisplayName, erased.OriginalSha256, erased.PurgedAt is not null));
        var searchCase = await ReadAsync(_a.Host, db => db.Cases.SingleAsync(c => c.Id == seeded.CaseId));
        Assert.Equal(("", true), (searchCase.Notes, searchCase.PurgedAt is not null));
        Assert.True(await ReadAsync(_a.Host, db => db.ProbeFaces.AnyAsync(f => f.Id == probeFace.Id)));
        Assert.Equal(seeded.Candidates.Order(), await ReadAsync(_a.Host, db => db.Candidates.Where(c => c.CaseId == seeded.CaseId).Select(c => c.Id).OrderBy(c => c).ToListAsync()));
        var kept = await ReadAsync(_a.Host, db => db.ReviewDecisions.SingleAsync(d => d.Id == decision));
        Assert.Equal((seeded.Candidates[0], ReviewVerdict.Confirm), (kept.CandidateId, kept.Verdict));
        Assert.Equal((1, 1, 2, 0, 1), (record.Photos, record.Probes, record.Candidates, record.Faces, record.Crops));
        await AssertAuditedAsync(record);
    }

    [Fact]
    public async Task ErasingAGalleryPhotoThatCasesFoundKeepsTheirCandidatesAndCountsThemOnTheRecord()
    {
        var seeded = await ReviewScenario.SearchedCaseAsync(_a.Host.Services, _staff, "PHOTO-FOUND", candidates: 2);
        var image = await ReadAsync(_a.Host, db => (from c in db.Candidates join f in db.Faces on c.FaceId equals f.Id
                                                   where c.Id == seeded.Candidates[0] select f.ImageId).SingleAsync());
        var onImage = await ReadAsync(_a.Host, db => (from c in db.Candidates join f in db.Faces on c.FaceId equals f.Id
                                                     where f.ImageId == image select c.Id).ToListAsync());

        var record = await EraseAsync(_a.Host, await StageAsync(_a.Host, _staff.OrganisationId!.Value, ErasureScope.Photo, image));

        Assert.NotEmpty(onImage);
        Assert.Equal(onImage.Count, record.Candidates);
        Assert.Equal(onImage.Count, await ReadAsync(_a.Host, db => db.Candidates.CountAsync(c => onImage.Contains(c.Id))));
    }

    [Fact]
    public async Task AFailingDiskMakesTheErasureThrowWithoutTouchingARowAndTheRetryFinishesIt()
    {
        var gallery = await _a.GalleryAsync(_staff);
        var (image, face) = await IndexedPhotoAsync(gallery, 5);
        // The crop's name is taken by a folder the eraser cannot delete, as a failing disk refuses a delete.
        var crop = _a.Host.Get<CropFiles>().PathOf(face.Id, large: true);
        File.Delete(crop);
        Directory.CreateDirectory(Path.Combine(crop, "stuck"));
        var id = await StageAsync(_a.Host, _staff.OrganisationId!.Value, ErasureScope.Photo, image);

        var failure = await Record.ExceptionAsync(() => _a.Host.Get<BiometricEraser>().RunAsync(id));
        Assert.True(failure is IOException or UnauthorizedAccessException, failure?.ToString());
        Assert.True(await ReadAsync(_a.Host, db => db.Faces.AnyAsync(f => f.Id == face.Id)), "nothing of the database was touched");

        Directory.Delete(crop, recursive: true);
        var record = await EraseAsync(_a.Host, id);

        Assert.NotNull(record.CompletedAt);
        Assert.False(await ReadAsync(_a.Host, db => db.Faces.AnyAsync(f => f.Id == face.Id)));
        Assert.False(_b.Finds(face));
    }

#if !POSTGRESQL
    [Fact]
    public async Task AnErasedEmbeddingCannotBeReadFromTheSqliteFileOrItsWriteAheadLog()
    {
        var gallery = await _a.GalleryAsync(_staff);
        var (image, face) = await IndexedPhotoAsync(gallery, 6);
        var embedding = face.Embedding.AsSpan(0, 64).ToArray();
        await using (var db = await _a.Host.Get<Microsoft.EntityFrameworkCore.IDbContextFactory<Portal.Infrastructure.Persistence.PortalDbContext>>().CreateDbContextAsync())
            Assert.True(await db.Faces.AnyAsync(f => f.Id == face.Id));
        Assert.True(RawDatabase.Bytes(_data.Path).AsSpan().IndexOf(embedding) >= 0, "the stored embedding is on disk before the erasure");

        await EraseAsync(_a.Host, await StageAsync(_a.Host, _staff.OrganisationId!.Value, ErasureScope.Photo, image));

        // Someone who copies the database file and its log afterwards finds no trace of the 512 numbers.
        Assert.True(RawDatabase.Bytes(_data.Path).AsSpan().IndexOf(embedding) < 0, "the erased embedding is still readable on disk");
    }
#endif

    private async Task AssertAuditedAsync(ErasureRecord record)
    {
        var sequences = JsonSerializer.Deserialize<List<long>>(record.AuditSequences)!;
        var entries = await ReadAsync(_a.Host, db => db.AuditEntries.Where(e => sequences.Contains(e.Sequence)).OrderBy(e => e.Sequence).ToListAsync());
        Assert.Equal([AuditActions.ErasureStarted, AuditActions.ErasureCompleted], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal($"erasure:{record.Id}", e.Target));
    }

    /// <summary>A stored photo with one indexed face and its two crops, in B's and C's index too.</summary>
    private async Task<(Guid Image, StoredFace Face)> IndexedPhotoAsync(Guid gallery, int seed)
    {
        var image = (await _a.UploadAsync(_staff, gallery, 1, _ => TestImages.Jpeg()))[0];
        var face = new StoredFace { GalleryId = gallery, ImageId = image, Width = 100, Height = 100, DetectionScore = 1, Embedding = NewFace(gallery, seed).Embedding, PipelineVersion = FacePipelineVersion.Current };
        await _a.Host.Get<FaceStore>().AddAsync([face]);
        await _a.Host.Get<CropFiles>().WriteAsync(face.Id, new FaceCrop([1, 2], [3, 4]));
        Assert.True(await EventuallyAsync(() => Task.FromResult(_b.Finds(face) && _c.Finds(face)), TimeSpan.FromSeconds(10)));
        var added = _a.Host.Get<FaceIndexReplica>().AppliedPosition;
        Assert.True(await EventuallyAsync(async () => (await _a.Host.Get<FaceReplicaReports>().ReachAsync(added)).Applied.Count >= 2, TimeSpan.FromSeconds(10)));
        return (image, face);
    }

    private Task<string> StoredNameAsync(Guid image) =>
        ReadAsync(_a.Host, db => db.GalleryImages.Where(i => i.Id == image).Select(i => i.StoredName).SingleAsync());

    private async Task<Guid> DecideAsync(Guid candidate)
    {
        await using var db = await _a.Host.Get<Microsoft.EntityFrameworkCore.IDbContextFactory<Portal.Infrastructure.Persistence.PortalDbContext>>().CreateDbContextAsync();
        var decision = new ReviewDecision
        {
            CandidateId = candidate, OrganisationId = _staff.OrganisationId!.Value, ReviewerId = _staff.UserId, ReviewerName = _staff.Name,
            Verdict = ReviewVerdict.Confirm, Stage = ReviewStage.First, Counted = true,
        };
        db.ReviewDecisions.Add(decision);
        await db.SaveChangesAsync();
        return decision.Id;
    }

    public async Task DisposeAsync()
    {
        await _b.Get<FaceIndexReplicaService>().StopAsync(CancellationToken.None);
        await _c.Get<FaceIndexReplicaService>().StopAsync(CancellationToken.None);
        await _c.DisposeAsync();
        await _b.DisposeAsync();
        await _a.DisposeAsync();
        _data.Dispose();
    }
}
