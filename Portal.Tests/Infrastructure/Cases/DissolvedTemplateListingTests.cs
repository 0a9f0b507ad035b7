using Microsoft.EntityFrameworkCore;
using Portal.Domain.Cases;
using Portal.Domain.Common;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Cases;

/// <summary>
/// A dissolved template loses its label with its row, so the case page tells one from another by its photos' names (read
/// back from its candidates' support rows) and when it was dissolved (the audit of the dissolving).
/// </summary>
public sealed class DissolvedTemplateListingTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private InfrastructureHost _host = default!;
    private Actor _staff = default!;
    private ReviewScenario.SeededCase _case = default!;
    private Guid _template;

    public async Task InitializeAsync()
    {
        _host = await InfrastructureHost.StartAsync(_data.Path, seedDemoData: true);
        _staff = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.ThornStaff);
        _case = await ReviewScenario.SearchedCaseAsync(_host.Services, _staff, "TH-TEMPLATE-DISSOLVED", candidates: 2);
        await using var db = await Db();
        var first = await db.Probes.SingleAsync(p => p.CaseId == _case.CaseId);
        var second = new Probe
        {
            CaseId = _case.CaseId, OrganisationId = first.OrganisationId, JobId = first.JobId, DisplayName = "mother-2.jpg", StoredName = first.StoredName,
            OriginalSha256 = first.OriginalSha256, Width = first.Width, Height = first.Height, UploadedAt = first.UploadedAt, SearchedAt = first.SearchedAt,
        };
        var face = new ProbeFace { ProbeId = second.Id, Ordinal = 0, X = 60, Y = 60, Width = 120, Height = 120, DetectionScore = 0.99f, PassedQuality = true };
        var firstFace = await db.ProbeFaces.Where(f => f.ProbeId == first.Id).Select(f => f.Id).SingleAsync();
        var template = new PersonTemplate
        {
            CaseId = _case.CaseId, OrganisationId = first.OrganisationId, Label = "Maria Lopez, mother's photos", CreatedBy = _staff.UserId,
            CreatedAt = DateTimeOffset.UtcNow, SearchedAt = DateTimeOffset.UtcNow,
        };
        template.Photos.AddRange([
            new PersonTemplatePhoto { TemplateId = template.Id, ProbeId = first.Id, ProbeFaceId = firstFace },
            new PersonTemplatePhoto { TemplateId = template.Id, ProbeId = second.Id, ProbeFaceId = face.Id },
        ]);
        db.AddRange(second, face, template);
        foreach (var candidate in _case.Candidates)
            db.CandidateSupports.AddRange(
                new CandidateSupport { CandidateId = candidate, ProbeId = first.Id, Similarity = 0.5f, AtOrAboveThreshold = true },
                new CandidateSupport { CandidateId = candidate, ProbeId = second.Id, Similarity = 0.45f, AtOrAboveThreshold = true });
        await db.SaveChangesAsync();
        _template = template.Id;
        var found = _case.Candidates.ToList();
        await db.Candidates.Where(c => found.Contains(c.Id)).ExecuteUpdateAsync(s => s.SetProperty(c => c.TemplateId, _template));
    }

    [Fact]
    public async Task ADissolvedTemplateIsListedWithItsPhotosNamesAndWhenItWasDissolved()
    {
        var queries = _host.Get<PersonTemplateQueries>();
        var live = (await queries.ForCaseAsync(_staff, _case.CaseId)).Value!.Single();
        Assert.Null(live.DissolvedAt);

        var before = DateTimeOffset.UtcNow;
        Assert.True((await _host.Get<PersonTemplateService>().DissolveAsync(_staff, _template)).Succeeded);
        var after = DateTimeOffset.UtcNow;
        var dissolved = (await queries.ForCaseAsync(_staff, _case.CaseId)).Value!.Single();

        Assert.True(dissolved.Dissolved);
        Assert.Equal(_template, dissolved.Id);
        Assert.Equal(["mother-2.jpg", "probe.jpg"], dissolved.Photos.Select(p => p.ProbeName));
        Assert.NotNull(dissolved.DissolvedAt);
        Assert.InRange(dissolved.DissolvedAt.Value, before.AddSeconds(-1), after.AddSeconds(1));
        Assert.Equal(2, dissolved.Candidates.Count);
    }

    [Fact]
    public async Task AnotherOrganisationsDissolvingOfTheSameIdIsNotTakenForThisOnes()
    {
        // Only this organisation's audit of the dissolving counts; without one the time is unknown, not borrowed.
        await using (var db = await Db())
        {
            var template = await db.PersonTemplates.Include(t => t.Photos).SingleAsync(t => t.Id == _template);
            db.PersonTemplatePhotos.RemoveRange(template.Photos);
            db.PersonTemplates.Remove(template);
            await db.SaveChangesAsync();
        }
        var icmec = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.IcmecStaff);
        await _host.Get<Portal.Infrastructure.Auditing.AuditLog>().RecordAsync(icmec.Name, Portal.Domain.Auditing.AuditActions.TemplateDissolved,
            $"template:{_template}", "forged", icmec.OrganisationId, CancellationToken.None);

        var dissolved = (await _host.Get<PersonTemplateQueries>().ForCaseAsync(_staff, _case.CaseId)).Value!.Single();

        Assert.True(dissolved.Dissolved);
        Assert.Null(dissolved.DissolvedAt);
        Assert.Equal(["mother-2.jpg", "probe.jpg"], dissolved.Photos.Select(p => p.ProbeName));
    }

    private Task<PortalDbContext> Db() => _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }
}
