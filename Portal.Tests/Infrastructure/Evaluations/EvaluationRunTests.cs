using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Evaluations;
using Portal.Domain.Faces;
using Portal.Domain.Queue;
using Portal.Infrastructure.Evaluations;
using Portal.Infrastructure.Imaging;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;
using static Portal.Tests.Infrastructure.Evaluations.EvaluationSetBuilder;

namespace Portal.Tests.Infrastructure.Evaluations;

/// <summary>An evaluation set uploaded, checked, run as the queue job runs it, and its photos deleted: only aggregates kept.</summary>
public sealed class EvaluationRunTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private InfrastructureHost _host = null!;
    private Actor _admin = null!;

    public async Task InitializeAsync()
    {
        _host = await InfrastructureHost.StartAsync(_data.Path, seedDemoData: true);
        _admin = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.AdminEmail);
    }

    private Task<Outcome<Guid>> UploadAsync(byte[] zip, Actor? actor = null) =>
        _host.Get<EvaluationUploads>().UploadAsync(actor ?? _admin, "Shared faces", new MemoryStream(zip), zip.Length);

    private Task RunAsync(Guid id) => _host.Get<EvaluationRunner>().RunAsync(id, _ => Task.CompletedTask);

    private string EvaluationsFolder => _host.Get<EvaluationFolders>().Root;

    private async Task<T> ReadAsync<T>(Func<PortalDbContext, Task<T>> read)
    {
        await using var db = await _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await read(db);
    }

    [FaceFact]
    public async Task TheReportsPairCountsPerGroupAreThoseOfTheCsvAndThePhotosAreDeleted()
    {
        var (zip, rows) = SharedFacesSet();
        var uploaded = await UploadAsync(zip);
        Assert.True(uploaded.Succeeded, uploaded.Error);
        var job = await ReadAsync(db => db.Jobs.SingleAsync(j => j.SubjectId == uploaded.Value));
        Assert.Equal(JobKind.Evaluate, job.Kind);

        await RunAsync(uploaded.Value);

        var detail = (await _host.Get<EvaluationQueries>().GetAsync(_admin, uploaded.Value)).Value!;
        Assert.Equal(EvaluationState.Completed, detail.Summary.State);
        var report = detail.Report!;
        // Pairs by hand from the CSV, of the photos with a usable face (read once more here, through the same upload path).
        using var again = new UploadedPhotos(_host.Get<IFaceAnalyzer>(), _host.Get<SafeImageReader>(), Path.Combine(_data.Path, "check"));
        var scored = new List<(string File, string Identity, string Band)>();
        foreach (var row in rows)
        {
            if ((await again.ReadAsync(SharedFaces.Root, row.File)).Embedding is not null)
                scored.Add(row);
        }
        Assert.Equal(rows.Count - scored.Count, report.NoFace + report.Refused.Sum(r => r.Photos));
        Assert.True(scored.Count > 40, "too few usable shared faces for a meaningful check");
        foreach (var band in new[] { "a", "b" })
        {
            var members = scored.Where(r => r.Band == band).ToList();
            var genuine = members.SelectMany((x, i) => members.Skip(i + 1).Where(y => y.Identity == x.Identity)).Count();
            var all = members.Count * (members.Count - 1) / 2;
            var set = report.Groups.Single(g => g.Column == "band" && g.Value == band);
            Assert.Equal((genuine, all - genuine), (set.GenuinePairs, set.ImpostorPairs));
            // The people behind the band's figures: identities with a usable face, and those with two or more (the genuine pairs' own).
            var people = members.GroupBy(r => r.Identity).ToList();
            Assert.Equal((people.Count, people.Count(p => p.Count() >= 2)), (set.People, set.GenuinePeople));
        }
        Assert.Equal(scored.Count * (scored.Count - 1) / 2, report.Overall.GenuinePairs + report.Overall.ImpostorPairs);
        Assert.DoesNotContain(rows[0].File, detail.Report!.ToJson(), StringComparison.Ordinal); // no file names kept
        Assert.Empty(Directory.EnumerateFileSystemEntries(EvaluationsFolder));
        Assert.NotNull(detail.PhotosDeletedAt);
        var latest = await _host.Get<EvaluationQueries>().LatestEvaluationAsync();
        Assert.Equal(report.Overall.ImpostorPairs, latest!.Report.Overall.ImpostorPairs);
    }

    [FaceFact]
    public async Task AWebPNamedJpgIsCountedRefusedNotACrash()
    {
        using var image = new Image<Rgb24>(64, 64);
        using var webp = new MemoryStream();
        image.Save(webp, new WebpEncoder());
        var face = File.ReadAllBytes(SharedFaces.File("people/amy/amy1.png"));
        var zip = Zip("file,identity\nface.png,amy\nsecret.jpg,bo\n", [("face.png", face), ("secret.jpg", webp.ToArray())]);
        var uploaded = await UploadAsync(zip);
        Assert.True(uploaded.Succeeded, uploaded.Error);

        await RunAsync(uploaded.Value);

        var report = (await _host.Get<EvaluationQueries>().GetAsync(_admin, uploaded.Value)).Value!.Report!;
        Assert.Equal(1, Assert.Single(report.Refused).Photos);
        Assert.Empty(Directory.EnumerateFileSystemEntries(EvaluationsFolder));
    }

    [FaceFact]
    public async Task AKilledRunLeavesNothingHalfStoredAndTheRetryStartsAgain()
    {
        var photos = new[] { "people/amy/amy1.png", "people/amy/amy2.png" };
        var zip = Zip("file,identity\n" + string.Join("\n", photos.Select(p => $"{p},amy")) + "\n", photos.Select(p => (p, File.ReadAllBytes(SharedFaces.File(p)))));
        var id = (await UploadAsync(zip)).Value;

        // The worker dies after the first photo (its lease is lost): nothing of the run may be kept but its photos.
        await Assert.ThrowsAsync<InvalidOperationException>(() => _host.Get<EvaluationRunner>().RunAsync(id, percent =>
            percent > 0 ? throw new InvalidOperationException("killed") : Task.CompletedTask));
        var killed = await ReadAsync(db => db.EvaluationRuns.SingleAsync(r => r.Id == id));
        Assert.Null(killed.ReportJson);
        Assert.True(_host.Get<EvaluationFolders>().Exists(id));

        await RunAsync(id);
        await RunAsync(id); // a late second attempt changes nothing

        var run = await ReadAsync(db => db.EvaluationRuns.SingleAsync(r => r.Id == id));
        Assert.Equal((EvaluationState.Completed, 1), (run.State, run.Pairs));
        Assert.False(_host.Get<EvaluationFolders>().Exists(id));
        Assert.Equal(1, await ReadAsync(db => db.AuditEntries.CountAsync(e => e.Action == AuditActions.EvaluationCompleted)));
    }

    [Fact]
    public async Task ARunThatFailedEveryAttemptIsMarkedFailedAndItsPhotosAreDeleted()
    {
        var id = (await UploadAsync(Zip("file,identity\na.jpg,x\n", [("a.jpg", [1, 2, 3])]))).Value;
        Assert.True(_host.Get<EvaluationFolders>().Exists(id));

        await _host.Get<EvaluationRunner>().FailAsync(id, "The set could not be run after 5 attempts.");

        var run = await ReadAsync(db => db.EvaluationRuns.SingleAsync(r => r.Id == id));
        Assert.Equal((EvaluationState.Failed, null), (run.State, run.ReportJson));
        Assert.NotNull(run.PhotosDeletedAt);
        Assert.False(_host.Get<EvaluationFolders>().Exists(id));
        var actions = await ReadAsync(db => db.AuditEntries.Where(e => e.Target == $"evaluation:{id}").OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync());
        Assert.Equal([AuditActions.EvaluationUploaded, AuditActions.EvaluationFailed, AuditActions.EvaluationPhotosDeleted], actions);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }
}
