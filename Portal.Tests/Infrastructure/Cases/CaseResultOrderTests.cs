using Microsoft.EntityFrameworkCore;
using Portal.Domain.Cases;
using Portal.Domain.Common;
using Portal.Domain.Queue;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Cases;

/// <summary>
/// Issue 13, bug 4 and confusion 5: probes submitted together share an upload time; the result panels still come in the
/// probe list's order, every read, and each names its probe photo.
/// </summary>
public sealed class CaseResultOrderTests : IAsyncLifetime
{
    private static readonly DateTimeOffset When = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _data = new();
    private InfrastructureHost _host = default!;
    private Actor _staff = default!;
    private Guid _case;

    public async Task InitializeAsync()
    {
        _host = await InfrastructureHost.StartAsync(_data.Path, seedDemoData: true);
        _staff = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.ThornStaff);
        // probe.jpg, one face with a candidate; then two more photos of the same submission, written in the reverse of name order.
        _case = (await ReviewScenario.SearchedCaseAsync(_host.Services, _staff, "TH-ORDER", candidates: 1, foundAt: When)).CaseId;
        await AddProbeAsync("zeta.jpg", faces: 2);
        await AddProbeAsync("alpha.jpg", faces: 2);
    }

    [Fact]
    public async Task ResultPanelsFollowTheProbeListWhenProbesShareAnUploadTime()
    {
        var queries = _host.Get<CaseQueries>();

        var listed = (await queries.GetAsync(_staff, _case)).Value!.Probes.Select(p => p.DisplayName).ToList();
        var panels = (await queries.ResultsAsync(_staff, _case, audit: false)).Value!;

        Assert.Equal(["alpha.jpg", "probe.jpg", "zeta.jpg"], listed);
        Assert.Equal([("alpha.jpg", 0), ("alpha.jpg", 1), ("probe.jpg", 0), ("zeta.jpg", 0), ("zeta.jpg", 1)],
            panels.Select(p => (p.ProbeName, p.Ordinal)));
    }

    [Fact]
    public async Task EveryReadGivesTheSameOrder()
    {
        var queries = _host.Get<CaseQueries>();
        var first = (await queries.ResultsAsync(_staff, _case, audit: false)).Value!.Select(r => r.ProbeFaceId).ToList();

        for (var read = 0; read < 5; read++)
            Assert.Equal(first, (await queries.ResultsAsync(_staff, _case, audit: false)).Value!.Select(r => r.ProbeFaceId));
    }

    [Fact]
    public async Task ACandidateWhosePhotoIsInTheTrashIsCountedNotShownAndComesBackWhenItIsRestored()
    {
        var queries = _host.Get<CaseQueries>();
        var shown = (await queries.ResultsAsync(_staff, _case, audit: false)).Value!.Single(p => p.ProbeName == "probe.jpg");
        var candidate = Assert.Single(shown.Candidates);

        await SetTrashedAsync(candidate.ImageId, When);
        var hidden = (await queries.ResultsAsync(_staff, _case, audit: false)).Value!.Single(p => p.ProbeName == "probe.jpg");
        await SetTrashedAsync(candidate.ImageId, null);
        var back = (await queries.ResultsAsync(_staff, _case, audit: false)).Value!.Single(p => p.ProbeName == "probe.jpg");

        Assert.Equal((0, 1), (hidden.Candidates.Count, hidden.DeletedCandidates));
        Assert.Equal([candidate.Id], back.Candidates.Select(c => c.Id));
        Assert.Equal(0, back.DeletedCandidates);
    }

    private async Task SetTrashedAsync(Guid imageId, DateTimeOffset? at)
    {
        await using var db = await _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        await db.GalleryImages.Where(i => i.Id == imageId).ExecuteUpdateAsync(i => i.SetProperty(x => x.TrashedAt, at));
    }

    private async Task AddProbeAsync(string name, int faces)
    {
        var organisationId = _staff.OrganisationId!.Value;
        await using var db = await _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var probeId = Guid.NewGuid();
        var job = new RecognitionJob
        {
            SubjectId = probeId, Kind = JobKind.SearchProbe, OrganisationId = organisationId, SubmittedBy = _staff.UserId, State = JobState.Succeeded,
            Progress = 100, Attempts = 1, CreatedAt = When, NotBefore = When, StartedAt = When, CompletedAt = When,
        };
        db.AddRange(job, new Probe
        {
            Id = probeId, JobId = job.Id, CaseId = _case, OrganisationId = organisationId, DisplayName = name, StoredName = FileStoreName(),
            OriginalSha256 = new string('2', 64), Width = 240, Height = 240, UploadedAt = When, SearchedAt = When,
        });
        for (var ordinal = 0; ordinal < faces; ordinal++)
            db.Add(new ProbeFace { ProbeId = probeId, Ordinal = ordinal, X = 10, Y = 10, Width = 100, Height = 100, DetectionScore = 0.9f, PassedQuality = true });
        await db.SaveChangesAsync();
    }

    // The photo file itself is never read here: the queries show names, and face crops are another test's business.
    private static string FileStoreName() => $"{Guid.NewGuid():N}.jpg";

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }
}
