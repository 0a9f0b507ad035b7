using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Cases;
using Portal.Domain.Common;
using Portal.Domain.Lifecycle;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Review;
using Portal.Tests.Infrastructure.Lifecycle;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Cases;

/// <summary>
/// A dissolved template keeps its label and the time it was dissolved in a record of its own (which outlives the audit of
/// the dissolving), and its photos' names are read back from its candidates' support rows. Templates dissolved before
/// that record was kept fall back to the audit, then to saying the time is no longer recorded.
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
            OriginalSha256 = first.OriginalSha256, Width = first.Width, Height = first.Height, UploadedAt = first.UploadedAt.AddMinutes(1), SearchedAt = first.SearchedAt,
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
    public async Task ADissolvedTemplateIsListedWithItsLabelItsPhotosInUploadOrderAndWhenItWasDissolved()
    {
        var queries = _host.Get<PersonTemplateQueries>();
        var live = (await queries.ForCaseAsync(_staff, _case.CaseId)).Value!.Single();
        Assert.Null(live.DissolvedAt);
        // Upload order, not name order: mother-2.jpg came a minute after probe.jpg.
        Assert.Equal(["probe.jpg", "mother-2.jpg"], live.Photos.Select(p => p.ProbeName));

        var before = DateTimeOffset.UtcNow;
        Assert.True((await _host.Get<PersonTemplateService>().DissolveAsync(_staff, _template)).Succeeded);
        var after = DateTimeOffset.UtcNow;
        var dissolved = (await queries.ForCaseAsync(_staff, _case.CaseId)).Value!.Single();

        Assert.True(dissolved.Dissolved);
        Assert.Equal((_template, "Maria Lopez, mother's photos"), (dissolved.Id, dissolved.Label));
        Assert.Equal(["probe.jpg", "mother-2.jpg"], dissolved.Photos.Select(p => p.ProbeName));
        Assert.NotNull(dissolved.DissolvedAt);
        Assert.InRange(dissolved.DissolvedAt.Value, before.AddSeconds(-1), after.AddSeconds(1));
        Assert.Equal(2, dissolved.Candidates.Count);
    }

    [Fact]
    public async Task TheLabelAndTimeOutliveTheAuditOfTheDissolving()
    {
        Assert.True((await _host.Get<PersonTemplateService>().DissolveAsync(_staff, _template)).Succeeded);
        var listed = (await _host.Get<PersonTemplateQueries>().ForCaseAsync(_staff, _case.CaseId)).Value!.Single();
        await using (var db = await Db())
        {
            // As audit retention leaves it (AuditExpiry deletes expired entries).
            Assert.Equal(1, await db.AuditEntries.Where(e => e.Action == AuditActions.TemplateDissolved).ExecuteDeleteAsync());
        }

        var dissolved = (await _host.Get<PersonTemplateQueries>().ForCaseAsync(_staff, _case.CaseId)).Value!.Single();
        var reviewed = (await _host.Get<ReviewQueries>().ItemAsync(await ReviewScenario.ActorAsync(_host.Services, TestAccounts.ThornReviewer), _case.Candidates[0])).Value!;

        Assert.Equal(("Maria Lopez, mother's photos", listed.DissolvedAt), (dissolved.Label, dissolved.DissolvedAt));
        Assert.NotNull(dissolved.DissolvedAt);
        Assert.Equal("Maria Lopez, mother's photos", reviewed.Template!.Label);
    }

    [Fact]
    public async Task ATemplateDissolvedBeforeItsRecordWasKeptFallsBackToTheAuditOfIt()
    {
        Assert.True((await _host.Get<PersonTemplateService>().DissolveAsync(_staff, _template)).Succeeded);
        DateTimeOffset audited;
        await using (var db = await Db())
        {
            await db.DissolvedTemplates.Where(t => t.Id == _template).ExecuteDeleteAsync();
            audited = await db.AuditEntries.Where(e => e.Action == AuditActions.TemplateDissolved).Select(e => e.Timestamp).SingleAsync();
        }

        var dissolved = (await _host.Get<PersonTemplateQueries>().ForCaseAsync(_staff, _case.CaseId)).Value!.Single();

        Assert.Equal((PersonTemplateQueries.DissolvedLabel, (DateTimeOffset?)audited), (dissolved.Label, dissolved.DissolvedAt));
    }

    [Fact]
    public async Task PurgingTheCaseBlanksTheLabelsOfItsDissolvedAndLiveTemplatesAndDeletingItsRecordDeletesThem()
    {
        Assert.True((await _host.Get<PersonTemplateService>().DissolveAsync(_staff, _template)).Succeeded);
        var second = await AddLiveTemplateAsync("Second set");

        await ErasureBed.EraseAsync(_host, await ErasureBed.StageAsync(_host, _staff.OrganisationId!.Value, ErasureScope.Case, _case.CaseId));

        await using (var db = await Db())
        {
            var records = await db.DissolvedTemplates.Where(t => t.CaseId == _case.CaseId).OrderBy(t => t.Id == second).ToListAsync();
            Assert.Equal([(_template, ""), (second, "")], records.Select(r => (r.Id, r.Label)));
            Assert.False(await db.PersonTemplates.AnyAsync(t => t.CaseId == _case.CaseId));
            Assert.Equal(0, await db.DissolvedTemplates.CountAsync(t => t.Label.Contains("Maria") || t.Label.Contains("Second")));
        }
        var listed = (await _host.Get<PersonTemplateQueries>().ForCaseAsync(_staff, _case.CaseId)).Value!.Single();
        // The fact and the time stay, as a purged case's dates do; the text staff typed does not.
        Assert.Equal(PersonTemplateQueries.DissolvedLabel, listed.Label);
        Assert.NotNull(listed.DissolvedAt);

        await using (var db = await Db())
        {
            // In CaseRecordExpiry's order: what restricts a deletion goes before it.
            var candidates = db.Candidates.Where(c => c.CaseId == _case.CaseId);
            await db.ReviewDecisions.Where(d => candidates.Select(c => c.Id).Contains(d.CandidateId)).ExecuteDeleteAsync();
            await candidates.ExecuteDeleteAsync();
            var probes = db.Probes.Where(p => p.CaseId == _case.CaseId);
            await db.ProbeFaces.Where(f => probes.Select(p => p.Id).Contains(f.ProbeId)).ExecuteDeleteAsync();
            await probes.ExecuteDeleteAsync();
            await db.Set<CaseGallery>().Where(g => g.CaseId == _case.CaseId).ExecuteDeleteAsync();
            // As CaseRecordExpiry deletes the purged case record: the database's cascade takes the records with it.
            Assert.Equal(1, await db.Cases.Where(c => c.Id == _case.CaseId).ExecuteDeleteAsync());
            Assert.False(await db.DissolvedTemplates.AnyAsync(t => t.CaseId == _case.CaseId));
        }
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
        Assert.Equal(PersonTemplateQueries.DissolvedLabel, dissolved.Label);
        Assert.Equal(["probe.jpg", "mother-2.jpg"], dissolved.Photos.Select(p => p.ProbeName));
    }

    [Fact]
    public async Task AGroupPhotoOfATemplateIsListedWithTheFaceChosenInIt()
    {
        Guid groupTemplate;
        await using (var db = await Db())
        {
            var first = await db.Probes.Where(p => p.CaseId == _case.CaseId).OrderBy(p => p.UploadedAt).FirstAsync();
            var firstFace = await db.ProbeFaces.Where(f => f.ProbeId == first.Id).Select(f => f.Id).SingleAsync();
            var group = new Probe
            {
                CaseId = _case.CaseId, OrganisationId = first.OrganisationId, JobId = first.JobId, DisplayName = "obama_and_biden.jpg", StoredName = first.StoredName,
                OriginalSha256 = first.OriginalSha256, Width = first.Width, Height = first.Height, UploadedAt = first.UploadedAt.AddMinutes(2), SearchedAt = first.SearchedAt,
            };
            var faces = Enumerable.Range(0, 3).Select(i => new ProbeFace
            {
                ProbeId = group.Id, Ordinal = i, X = 10 + 70 * i, Y = 60, Width = 60, Height = 60, DetectionScore = 0.99f, PassedQuality = true,
            }).ToList();
            var template = new PersonTemplate
            {
                CaseId = _case.CaseId, OrganisationId = first.OrganisationId, Label = "Group", CreatedBy = _staff.UserId, CreatedAt = DateTimeOffset.UtcNow,
            };
            template.Photos.AddRange([
                new PersonTemplatePhoto { TemplateId = template.Id, ProbeId = group.Id, ProbeFaceId = faces[1].Id },
                new PersonTemplatePhoto { TemplateId = template.Id, ProbeId = first.Id, ProbeFaceId = firstFace },
            ]);
            db.Add(group);
            db.AddRange(faces);
            db.Add(template);
            await db.SaveChangesAsync();
            groupTemplate = template.Id;
        }

        var listed = (await _host.Get<PersonTemplateQueries>().ForCaseAsync(_staff, _case.CaseId)).Value!.Single(t => t.Id == groupTemplate);

        Assert.Equal(["probe.jpg", "obama_and_biden.jpg, face 2 of 3"], listed.Photos.Select(p => p.Description));
    }

    /// <summary>A second, live template of the same photos, with a candidate so a dissolved one is still listed.</summary>
    private async Task<Guid> AddLiveTemplateAsync(string label)
    {
        await using var db = await Db();
        var photos = await db.Probes.Where(p => p.CaseId == _case.CaseId).Select(p => new { p.Id, Face = db.ProbeFaces.First(f => f.ProbeId == p.Id).Id }).ToListAsync();
        var template = new PersonTemplate
        {
            CaseId = _case.CaseId, OrganisationId = _staff.OrganisationId!.Value, Label = label, CreatedBy = _staff.UserId, CreatedAt = DateTimeOffset.UtcNow,
        };
        template.Photos.AddRange(photos.Select(p => new PersonTemplatePhoto { TemplateId = template.Id, ProbeId = p.Id, ProbeFaceId = p.Face }));
        db.PersonTemplates.Add(template);
        await db.SaveChangesAsync();
        return template.Id;
    }

    private Task<PortalDbContext> Db() => _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }
}
