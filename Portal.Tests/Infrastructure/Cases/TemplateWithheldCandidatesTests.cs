using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Cases;
using Portal.Domain.Common;
using Portal.Domain.Galleries;
using Portal.Domain.Organisations;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Galleries;
using Portal.Infrastructure.Organisations;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Cases;

/// <summary>
/// A person template's candidates found in a gallery ICMEC shared with Thorn: while ICMEC is suspended they are withheld
/// like a probe face's, and counted per template on the case page and in the audited view, by template id only.
/// </summary>
public sealed class TemplateWithheldCandidatesTests : IAsyncLifetime
{
    private const string Label = "Maria Lopez, mother's photos";
    private const string SharedGallery = "ICMEC shared intake";
    private readonly TempDirectory _data = new();
    private InfrastructureHost _host = default!;
    private Actor _staff = default!, _admin = default!;
    private ReviewScenario.SeededCase _case = default!;
    private Guid _icmec, _template;

    public async Task InitializeAsync()
    {
        _host = await InfrastructureHost.StartAsync(_data.Path, seedDemoData: true);
        _staff = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.ThornStaff);
        _admin = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.AdminEmail);
        var icmecStaff = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.IcmecStaff);
        _icmec = icmecStaff.OrganisationId!.Value;
        _case = await ReviewScenario.SearchedCaseAsync(_host.Services, _staff, "TH-TEMPLATE-WITHHELD", candidates: 3);

        await using var db = await Db();
        var template = new PersonTemplate
        {
            CaseId = _case.CaseId, OrganisationId = _staff.OrganisationId!.Value, Label = Label, CreatedBy = _staff.UserId,
            CreatedAt = DateTimeOffset.UtcNow, SearchedAt = DateTimeOffset.UtcNow,
        };
        var gallery = new Gallery { OrganisationId = _icmec, Name = SharedGallery, CreatedBy = icmecStaff.UserId, CreatedAt = DateTimeOffset.UtcNow };
        db.AddRange(template, gallery);
        await db.SaveChangesAsync();
        _template = template.Id;
        // Every candidate is the template's; the second and third were found in the ICMEC gallery.
        var all = _case.Candidates.ToList();
        await db.Candidates.Where(c => all.Contains(c.Id)).ExecuteUpdateAsync(s => s.SetProperty(c => c.TemplateId, _template));
        var shared = _case.Candidates.Skip(1).ToList();
        var images = db.Candidates.Where(c => shared.Contains(c.Id)).Select(c => c.ImageId);
        var faces = db.Candidates.Where(c => shared.Contains(c.Id)).Select(c => c.FaceId);
        await db.GalleryImages.Where(i => images.Contains(i.Id)).ExecuteUpdateAsync(s => s.SetProperty(i => i.GalleryId, gallery.Id).SetProperty(i => i.OrganisationId, _icmec));
        await db.Faces.Where(f => faces.Contains(f.Id)).ExecuteUpdateAsync(s => s.SetProperty(f => f.GalleryId, gallery.Id));
        await db.Candidates.Where(c => shared.Contains(c.Id)).ExecuteUpdateAsync(s => s.SetProperty(c => c.GalleryId, gallery.Id));
        var share = await _host.Get<GallerySharing>().ShareAsync(_admin, gallery.Id, _staff.OrganisationId!.Value);
        Assert.True(share.Succeeded, share.Error);
    }

    [Fact]
    public async Task WithheldTemplateCandidatesAreCountedPerTemplateOnThePageAndInTheAuditedViewByIdOnly()
    {
        var templates = _host.Get<PersonTemplateQueries>();
        Assert.Equal(0, (await templates.ForCaseAsync(_staff, _case.CaseId)).Value!.Single().WithheldCandidates);

        await ChangeStatusAsync(OrganisationStatus.Suspended);
        var results = await _host.Get<CaseQueries>().ResultsAsync(_staff, _case.CaseId, new ResultsSeen());
        var template = (await templates.ForCaseAsync(_staff, _case.CaseId)).Value!.Single();

        Assert.Equal([_case.Candidates[0]], template.Candidates.Select(c => c.Candidate.Id));
        Assert.Equal(2, template.WithheldCandidates);
        // A template's withheld candidates are its own, not the probe face's.
        Assert.Equal(0, results.Value!.Single().WithheldCandidates);
        var audited = Assert.Single(await ViewsAsync());
        Assert.Contains($"1 person template candidate(s) shown (template:{_template} 1), " +
            $"2 person template candidate(s) withheld (gallery owner suspended) (template:{_template} 2)", audited);
        Assert.DoesNotContain("Maria", audited);
        Assert.DoesNotContain(SharedGallery, audited);
        Assert.DoesNotContain(_case.Candidates[1].ToString(), audited);

        await ChangeStatusAsync(OrganisationStatus.Approved);
        var reinstated = (await templates.ForCaseAsync(_staff, _case.CaseId)).Value!.Single();
        Assert.Equal(3, reinstated.Candidates.Count);
        Assert.Equal(0, reinstated.WithheldCandidates);
    }

    [Fact]
    public async Task ADissolvedTemplateWhoseCandidatesAreAllWithheldIsStillListedWithItsCount()
    {
        await using (var db = await Db())
            await db.Candidates.Where(c => c.Id == _case.Candidates[0]).ExecuteUpdateAsync(s => s.SetProperty(c => c.TemplateId, (Guid?)null));
        Assert.True((await _host.Get<PersonTemplateService>().DissolveAsync(_staff, _template)).Succeeded);
        await ChangeStatusAsync(OrganisationStatus.Suspended);

        var dissolved = (await _host.Get<PersonTemplateQueries>().ForCaseAsync(_staff, _case.CaseId)).Value!.Single();

        Assert.True(dissolved.Dissolved);
        Assert.Empty(dissolved.Candidates);
        Assert.Equal(2, dissolved.WithheldCandidates);
    }

    private async Task ChangeStatusAsync(OrganisationStatus to)
    {
        var changed = await _host.Get<OrganisationAdministration>().ChangeStatusAsync(_admin, _icmec, to, "template withheld tests");
        Assert.True(changed.Succeeded, changed.Error);
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
