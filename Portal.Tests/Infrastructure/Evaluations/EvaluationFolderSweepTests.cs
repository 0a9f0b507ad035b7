using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Evaluations;
using Portal.Domain.Queue;
using Portal.Infrastructure.Evaluations;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Queue;
using Portal.Tests.Support;
using static Portal.Tests.Infrastructure.Evaluations.EvaluationSetBuilder;

namespace Portal.Tests.Infrastructure.Evaluations;

/// <summary>A set's photos always go: when the run ends in any state, and, left behind, at the next retention sweep.</summary>
public sealed class EvaluationFolderSweepTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private InfrastructureHost _host = null!;
    private Actor _admin = null!;

    public async Task InitializeAsync()
    {
        _host = await InfrastructureHost.StartAsync(_data.Path, seedDemoData: true);
        _admin = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.AdminEmail);
    }

    private EvaluationFolders Folders => _host.Get<EvaluationFolders>();

    private async Task<Guid> UploadAsync()
    {
        var zip = Zip("file,identity\na.jpg,x\n", [("a.jpg", [1, 2, 3])]);
        var uploaded = await _host.Get<EvaluationUploads>().UploadAsync(_admin, "Sweep", new MemoryStream(zip), zip.Length);
        Assert.True(uploaded.Succeeded, uploaded.Error);
        return uploaded.Value;
    }

    private async Task SetStateAsync(Guid id, EvaluationState state)
    {
        await using var db = await _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        await db.EvaluationRuns.Where(r => r.Id == id).ExecuteUpdateAsync(s => s.SetProperty(r => r.State, state));
    }

    private async Task<List<string>> PhotoDeletionsAsync(Guid id)
    {
        await using var db = await _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.AuditEntries.Where(e => e.Action == AuditActions.EvaluationPhotosDeleted && e.Target == $"evaluation:{id}")
            .Select(e => e.Details).ToListAsync();
    }

    [Fact]
    public async Task TheLastFailureDeletesThePhotosEvenWhenALateAttemptCompletedTheRun()
    {
        var id = await UploadAsync();
        await SetStateAsync(id, EvaluationState.Completed); // a late attempt stored its report, then its process stopped

        await _host.Get<EvaluationRunner>().FailAsync(id, "The set could not be run after 5 attempts.");

        Assert.False(Folders.Exists(id));
        await using var db = await _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var run = await db.EvaluationRuns.SingleAsync(r => r.Id == id);
        Assert.Equal(EvaluationState.Completed, run.State); // its report stands
        Assert.NotNull(run.PhotosDeletedAt);
        Assert.Single(await PhotoDeletionsAsync(id));
    }

    [Fact]
    public async Task TheRetentionSweepDeletesEndedRunsFoldersAndFoldersWithoutARunButKeepsWaitingOnes()
    {
        var completed = await UploadAsync();
        var failed = await UploadAsync();
        var waiting = await UploadAsync();
        await SetStateAsync(completed, EvaluationState.Completed);
        await SetStateAsync(failed, EvaluationState.Failed);
        var orphan = Guid.NewGuid();
        File.WriteAllBytes(Path.Combine(Directory.CreateDirectory(Folders.PhotosOf(orphan)).FullName, "a.jpg"), [1, 2, 3]);
        var stale = DateTime.UtcNow - EvaluationFolderSweep.UploadGrace - TimeSpan.FromHours(1);
        Directory.SetLastWriteTimeUtc(Folders.PhotosOf(orphan), stale);
        Directory.SetLastWriteTimeUtc(Folders.Of(orphan), stale);
        var uploading = Guid.NewGuid(); // an upload still being unpacked: no run yet, but fresh
        Directory.CreateDirectory(Folders.PhotosOf(uploading));

        var sweep = _host.Get<IEnumerable<IJobHandler>>().Single(h => h.Kind == JobKind.RetentionSweep);
        var organisation = (await ReviewScenario.ActorAsync(_host.Services, TestAccounts.ThornStaff)).OrganisationId!.Value;
        await sweep.RunAsync(new RecognitionJob { Kind = JobKind.RetentionSweep, SubjectId = organisation, OrganisationId = organisation, SubmittedBy = "system" },
            _ => Task.CompletedTask, CancellationToken.None);

        Assert.False(Folders.Exists(completed));
        Assert.False(Folders.Exists(failed));
        Assert.False(Folders.Exists(orphan));
        Assert.True(Folders.Exists(waiting));
        Assert.True(Folders.Exists(uploading));
        Assert.Contains("after the run ended", Assert.Single(await PhotoDeletionsAsync(completed)), StringComparison.Ordinal);
        Assert.Contains("stored no run", Assert.Single(await PhotoDeletionsAsync(orphan)), StringComparison.Ordinal);
        Assert.Equal(0, await _host.Get<EvaluationFolderSweep>().DeleteLeftoversAsync()); // a second pass finds nothing
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }
}
