using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Galleries;
using Portal.Domain.Organisations;
using Portal.Domain.Review;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Galleries;
using Portal.Infrastructure.Organisations;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Review;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Organisations;

/// <summary>
/// Candidates a Thorn case found in a gallery ICMEC shared with Thorn: while ICMEC is suspended they are withheld from
/// Thorn at every door (results, review queue, decisions, export), and they return on reinstatement.
/// </summary>
public sealed class WithheldGalleryResultsTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private InfrastructureHost _host = default!;
    private Actor _staff = default!, _reviewer = default!, _admin = default!;
    private ReviewScenario.SeededCase _case = default!;
    private Guid _icmec;
    private Guid Own => _case.Candidates[0];
    private IReadOnlyList<Guid> Shared => _case.Candidates.Skip(1).ToList();

    public async Task InitializeAsync()
    {
        _host = await InfrastructureHost.StartAsync(_data.Path, seedDemoData: true);
        _staff = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.ThornStaff);
        _reviewer = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.ThornReviewer);
        _admin = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.AdminEmail);
        var icmecStaff = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.IcmecStaff);
        _icmec = icmecStaff.OrganisationId!.Value;
        _case = await ReviewScenario.SearchedCaseAsync(_host.Services, _staff, "TH-WITHHELD", candidates: 3);

        // Candidates 2 and 3 were found in an ICMEC gallery shared with Thorn.
        await using var db = await Db();
        var gallery = new Gallery { OrganisationId = _icmec, Name = "ICMEC shared intake", CreatedBy = icmecStaff.UserId, CreatedAt = DateTimeOffset.UtcNow };
        db.Galleries.Add(gallery);
        await db.SaveChangesAsync();
        var shared = Shared;
        var images = db.Candidates.Where(c => shared.Contains(c.Id)).Select(c => c.ImageId);
        var faces = db.Candidates.Where(c => shared.Contains(c.Id)).Select(c => c.FaceId);
        await db.GalleryImages.Where(i => images.Contains(i.Id)).ExecuteUpdateAsync(s => s.SetProperty(i => i.GalleryId, gallery.Id).SetProperty(i => i.OrganisationId, _icmec));
        await db.Faces.Where(f => faces.Contains(f.Id)).ExecuteUpdateAsync(s => s.SetProperty(f => f.GalleryId, gallery.Id));
        await db.Candidates.Where(c => shared.Contains(c.Id)).ExecuteUpdateAsync(s => s.SetProperty(c => c.GalleryId, gallery.Id));
        var share = await _host.Get<GallerySharing>().ShareAsync(_admin, gallery.Id, _staff.OrganisationId!.Value);
        Assert.True(share.Succeeded, share.Error);
    }

    [Fact]
    public async Task ResultsHideWithheldCandidatesCountThemAndShowThemAgainOnReinstatement()
    {
        var queries = _host.Get<CaseQueries>();
        Assert.Equal(3, (await queries.ResultsAsync(_staff, _case.CaseId)).Value!.Single().Candidates.Count);

        await ChangeStatusAsync(OrganisationStatus.Suspended);
        var face = (await queries.ResultsAsync(_staff, _case.CaseId)).Value!.Single();
        Assert.Equal([Own], face.Candidates.Select(c => c.Id));
        Assert.DoesNotContain(face.Candidates, c => c.GalleryName == "ICMEC shared intake");
        Assert.Equal(2, face.WithheldCandidates);
        await using (var db = await Db())
            Assert.Contains(await db.AuditEntries.Where(e => e.Action == AuditActions.ResultsViewed).Select(e => e.Details).ToListAsync(),
                d => d.Contains("1 candidate(s) shown, 2 withheld"));

        await ChangeStatusAsync(OrganisationStatus.Approved);
        var reinstated = (await queries.ResultsAsync(_staff, _case.CaseId)).Value!.Single();
        Assert.Equal(_case.Candidates, reinstated.Candidates.Select(c => c.Id));
        Assert.Equal(0, reinstated.WithheldCandidates);
    }

    [Fact]
    public async Task TheReviewQueueNeitherListsNorOpensAWithheldCandidate()
    {
        var queries = _host.Get<ReviewQueries>();
        Assert.Equal(3, (await queries.PageAsync(_reviewer, new ReviewQueueFilter(), 0, 50)).Total);

        await ChangeStatusAsync(OrganisationStatus.Suspended);

        var page = await queries.PageAsync(_reviewer, new ReviewQueueFilter(), 0, 50);
        Assert.Equal([Own], page.Items.Select(i => i.CandidateId));
        Assert.Equal(1, page.Total);
        Assert.Equal(1, await queries.WaitingCountAsync(_reviewer));
        var item = await queries.ItemAsync(_reviewer, Shared[0]);
        Assert.False(item.Succeeded);
        Assert.Equal(OutcomeKind.NotFound, item.Kind);
        Assert.True((await queries.ItemAsync(_reviewer, Own)).Succeeded);
    }

    [Fact]
    public async Task DecidingAWithheldCandidateIsRefusedAuditedAndWritesNoDecision()
    {
        await ChangeStatusAsync(OrganisationStatus.Suspended);

        var decided = await _host.Get<ReviewService>().DecideAsync(_reviewer, Shared[0], ReviewVerdict.Confirm, "same hairline");

        Assert.False(decided.Succeeded);
        Assert.Equal(ReviewService.Withheld, decided.Error);
        await using var db = await Db();
        var refusal = await db.AuditEntries.SingleAsync(e => e.Action == AuditActions.ReviewRefused && e.Target == $"candidate:{Shared[0]}");
        Assert.Equal(ReviewService.Withheld, refusal.Details);
        Assert.Equal(await AuditActorKeys.OfAsync(db, _reviewer.Name), refusal.Actor);
        Assert.False(await db.ReviewDecisions.AnyAsync(d => d.CandidateId == Shared[0]));
        Assert.Equal(ReviewState.Pending, (await db.Candidates.SingleAsync(c => c.Id == Shared[0])).ReviewState);
        // The own gallery's candidate is reviewed as usual.
        Assert.True((await _host.Get<ReviewService>().DecideAsync(_reviewer, Own, ReviewVerdict.Confirm, "same hairline")).Succeeded);
    }

    [Fact]
    public async Task TheLeadsExportLeavesOutWithheldLeadsAndItsAuditEntrySaysHowMany()
    {
        await using (var db = await Db())
            await db.Candidates.Where(c => c.CaseId == _case.CaseId).ExecuteUpdateAsync(s => s.SetProperty(c => c.ReviewState, ReviewState.Confirmed));
        var exporter = _host.Get<LeadsExporter>();
        Assert.Equal(3, (await exporter.ExportAsync(_staff, _case.CaseId, "csv")).Value!.Leads.Count);

        await ChangeStatusAsync(OrganisationStatus.Suspended);
        var export = await exporter.ExportAsync(_staff, _case.CaseId, "csv");

        Assert.True(export.Succeeded, export.Error);
        Assert.Equal(["photo1.jpg"], export.Value!.Leads.Select(l => l.ImageName));
        Assert.DoesNotContain("ICMEC shared intake", LeadsExporter.ToCsv(export.Value));
        await using var after = await Db();
        var entry = await after.AuditEntries.Where(e => e.Action == AuditActions.LeadsExported).OrderByDescending(e => e.Sequence).FirstAsync();
        Assert.Contains("1 confirmed lead(s) exported as csv; 2 withheld", entry.Details);
    }

    private async Task ChangeStatusAsync(OrganisationStatus to)
    {
        var changed = await _host.Get<OrganisationAdministration>().ChangeStatusAsync(_admin, _icmec, to, "withheld gallery tests");
        Assert.True(changed.Succeeded, changed.Error);
    }

    private Task<PortalDbContext> Db() => _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }
}
