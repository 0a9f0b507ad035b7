using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Cases;
using Portal.Domain.Common;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Cases;

/// <summary>
/// The case page shows a person template's candidates beside the probe faces' (PersonTemplateQueries): the audit of
/// that view counts them too, by template id and never by its label, once per change of what is shown.
/// </summary>
public sealed class TemplateResultsViewAuditTests : IAsyncLifetime
{
    private const string Label = "Maria Lopez, mother's photos";
    private readonly TempDirectory _data = new();
    private InfrastructureHost _host = default!;
    private Actor _staff = default!;
    private ReviewScenario.SeededCase _case = default!;
    private Guid _template;

    public async Task InitializeAsync()
    {
        _host = await InfrastructureHost.StartAsync(_data.Path, seedDemoData: true);
        _staff = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.ThornStaff);
        _case = await ReviewScenario.SearchedCaseAsync(_host.Services, _staff, "TH-TEMPLATE-VIEWS", candidates: 4);
        await using var db = await Db();
        var template = new PersonTemplate
        {
            CaseId = _case.CaseId, OrganisationId = _staff.OrganisationId!.Value, Label = Label, CreatedBy = _staff.UserId,
            CreatedAt = DateTimeOffset.UtcNow, SearchedAt = DateTimeOffset.UtcNow,
        };
        db.PersonTemplates.Add(template);
        await db.SaveChangesAsync();
        _template = template.Id;
        // The first candidate stays the probe face's; the other three were found by the template.
        var found = _case.Candidates.Skip(1).ToList();
        await db.Candidates.Where(c => found.Contains(c.Id)).ExecuteUpdateAsync(s => s.SetProperty(c => c.TemplateId, _template));
    }

    [Fact]
    public async Task TheViewAuditCountsEveryTemplateCandidateShownByTemplateIdWithoutItsLabel()
    {
        var results = await _host.Get<CaseQueries>().ResultsAsync(_staff, _case.CaseId, new ResultsSeen());
        var templates = await _host.Get<PersonTemplateQueries>().ForCaseAsync(_staff, _case.CaseId);

        Assert.Single(results.Value!.Single().Candidates);
        Assert.Equal(3, templates.Value!.Single().Candidates.Count);
        var audited = Assert.Single(await ViewsAsync());
        Assert.Contains("1 candidate(s) shown", audited);
        Assert.Contains($"3 person template candidate(s) shown (template:{_template} 3)", audited);
        Assert.DoesNotContain("Maria", audited);
    }

    [Fact]
    public async Task AChangeOfTheTemplateCandidatesShownIsANewAuditedViewAndARefreshIsNot()
    {
        var queries = _host.Get<CaseQueries>();
        var seen = new ResultsSeen();
        await queries.ResultsAsync(_staff, _case.CaseId, seen);
        await queries.ResultsAsync(_staff, _case.CaseId, seen);
        Assert.Single(await ViewsAsync());

        // The probe face's candidates are unchanged; one template candidate is no longer shown (its photo went to the trash).
        await using (var db = await Db())
        {
            var image = await db.Candidates.Where(c => c.Id == _case.Candidates[3]).Select(c => c.ImageId).SingleAsync();
            await db.GalleryImages.Where(i => i.Id == image).ExecuteUpdateAsync(s => s.SetProperty(i => i.TrashedAt, DateTimeOffset.UtcNow));
        }
        await queries.ResultsAsync(_staff, _case.CaseId, seen);
        await queries.ResultsAsync(_staff, _case.CaseId, seen);

        Assert.Equal(2, (await _host.Get<PersonTemplateQueries>().ForCaseAsync(_staff, _case.CaseId)).Value!.Single().Candidates.Count);
        var views = await ViewsAsync();
        Assert.Equal(2, views.Count);
        Assert.Contains($"2 person template candidate(s) shown (template:{_template} 2)", views[1]);
    }

    private Task<PortalDbContext> Db() => _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    private async Task<List<string>> ViewsAsync()
    {
        await using var db = await Db();
        return (await db.AuditEntries.Where(e => e.Action == AuditActions.ResultsViewed && e.Target == $"case:{_case.CaseId}")
            .Select(e => new { e.Sequence, e.Details }).ToListAsync()).OrderBy(e => e.Sequence).Select(e => e.Details).ToList();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }
}
