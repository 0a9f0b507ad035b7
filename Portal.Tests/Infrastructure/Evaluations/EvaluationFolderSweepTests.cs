using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Evaluations;
using Portal.Domain.Queue;
using Portal.Infrastructure.Evaluations;
using Portal.Infrastructure.Options;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;
using static Portal.Tests.Infrastructure.Evaluations.EvaluationSetBuilder;

namespace Portal.Tests.Infrastructure.Evaluations;

/// <summary>
/// A set's photos always go: when the run ends in any state, and, left behind, at the folder sweep's next pass, on its
/// own schedule (no organisation's retention sweep needed), which a failing pass does not stop.
/// </summary>
public sealed class EvaluationFolderSweepTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly FailingAuditWrite _failingAudit = new();
    private InfrastructureHost _host = null!;
    private Actor _admin = null!;

    public async Task InitializeAsync()
    {
        _host = await InfrastructureHost.StartAsync(_data.Path, seedDemoData: true, configure: services =>
        {
            services.AddSingleton<TimeProvider>(_clock);
            _failingAudit.AddTo(services);
        });
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

    /// <summary>Moves the clock on by the sweep's interval until <paramref name="done"/> holds (the pass runs on the service's own task).</summary>
    private async Task SweepUntilAsync(Func<bool> done)
    {
        var interval = _host.Get<IOptions<EvaluationOptions>>().Value.FolderSweepInterval;
        for (var tick = 0; tick < 100 && !done(); tick++)
        {
            _clock.Advance(interval);
            await Task.Delay(50);
        }
        Assert.True(done(), "the scheduled sweep did not delete the folders");
    }

    [Fact]
    public async Task TheScheduledSweepRunsWithoutAnyRetentionJobAndAFailedPassDoesNotStopIt()
    {
        var first = await UploadAsync();
        var second = await UploadAsync();
        await SetStateAsync(first, EvaluationState.Completed);
        await SetStateAsync(second, EvaluationState.Failed);
        var service = _host.Get<EvaluationFolderSweepService>();
        Assert.Contains(service, _host.Get<IEnumerable<IHostedService>>());
        _failingAudit.Armed = true; // the first pass deletes a folder, then cannot record it, and throws

        await service.StartAsync(CancellationToken.None);
        try
        {
            await SweepUntilAsync(() => !Folders.Exists(first) || !Folders.Exists(second));
            _failingAudit.Armed = false;
            await SweepUntilAsync(() => !Folders.Exists(first) && !Folders.Exists(second));
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }

        // The pass after the failed one went on and recorded what it deleted.
        var recorded = (await PhotoDeletionsAsync(first)).Concat(await PhotoDeletionsAsync(second)).ToList();
        Assert.Contains(recorded, details => details.Contains("deleted by the sweep", StringComparison.Ordinal));
        await using var db = await _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.Jobs.CountAsync(j => j.Kind == JobKind.RetentionSweep));
    }

    [Fact]
    public async Task TheSweepDeletesEndedRunsFoldersAndFoldersWithoutARunButKeepsWaitingOnes()
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

        Assert.Equal(3, await _host.Get<EvaluationFolderSweep>().DeleteLeftoversAsync());

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
