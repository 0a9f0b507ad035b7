using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Organisations;
using Portal.Domain.Review;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Galleries;
using Portal.Infrastructure.Moratoria;
using Portal.Infrastructure.Organisations;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Review;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Organisations;

/// <summary>
/// A suspension holds at every service door, for actors taken before it (as a page opened before it keeps them):
/// each refusal is a clear message and an audit entry.
/// </summary>
public sealed class OrganisationStandingTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private InfrastructureHost _host = default!;
    private Actor _staff = default!;
    private Actor _reviewer = default!;
    private ReviewScenario.SeededCase _case = default!;
    private Guid _gallery;
    private Guid _thorn;

    public async Task InitializeAsync()
    {
        _host = await InfrastructureHost.StartAsync(_data.Path, seedDemoData: true);
        _staff = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.ThornStaff);
        _reviewer = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.ThornReviewer);
        _thorn = _staff.OrganisationId!.Value;
        _case = await ReviewScenario.SearchedCaseAsync(_host.Services, _staff, "TH-STANDING", candidates: 1);
        await using var db = await Db();
        _gallery = (await db.Galleries.SingleAsync(g => g.Name == "TH-STANDING gallery")).Id;
    }

    [Fact]
    public async Task ASuspendedOrganisationsStaffCannotSubmitACase()
    {
        await ChangeStatusAsync(OrganisationStatus.Suspended);

        var submission = await _host.Get<CaseService>().SubmitAsync(_staff, new NewCase("TH-2", Purpose.MissingChild, "", [_gallery], 10),
            [new ProbeUpload("probe.jpg", null, () => new MemoryStream(TestImages.Jpeg(240, 240)))]);

        Assert.Null(submission.CaseId);
        Assert.Equal(OutcomeKind.Blocked, submission.Case.Kind);
        Assert.Contains("suspended", submission.Case.Error);
        await AssertRefusedAtAsync(MoratoriumGate.Doors.SubmitSearch);
        await using var db = await Db();
        Assert.False(await db.Cases.AnyAsync(c => c.Reference == "TH-2"));
    }

    [Fact]
    public async Task ASuspendedOrganisationsStaffCannotUploadNorCreateAGalleryUntilReinstated()
    {
        await ChangeStatusAsync(OrganisationStatus.Suspended);
        var galleries = _host.Get<GalleryService>();

        var upload = await galleries.UploadAsync(_staff, _gallery, new MemoryStream(TestImages.Jpeg(240, 240)), "late.jpg");
        var created = await galleries.CreateAsync(_staff, new NewGallery("Late gallery", "", "tests"));

        Assert.False(upload.Accepted);
        Assert.Contains("suspended", upload.Message);
        Assert.False(created.Succeeded);
        Assert.Contains("suspended", created.Error);
        await AssertRefusedAtAsync(MoratoriumGate.Doors.GalleryUpload);

        await ChangeStatusAsync(OrganisationStatus.Approved);
        Assert.True((await galleries.CreateAsync(_staff, new NewGallery("Later gallery", "", "tests"))).Succeeded);
    }

    [Fact]
    public async Task ASuspendedOrganisationsReviewerCannotReview()
    {
        await ChangeStatusAsync(OrganisationStatus.Suspended);

        var decided = await _host.Get<ReviewService>().DecideAsync(_reviewer, _case.Candidates[0], ReviewVerdict.Confirm, "same ears");

        Assert.False(decided.Succeeded);
        Assert.Contains("approved", decided.Error);
        await using var db = await Db();
        var reviewerKey = await AuditActorKeys.OfAsync(db, TestAccounts.ThornReviewer);
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.ReviewRefused && e.Actor == reviewerKey));
        Assert.False(await db.ReviewDecisions.AnyAsync(d => d.CandidateId == _case.Candidates[0]));
    }

    [Fact]
    public async Task ASuspendedOrganisationsStaffCannotExportLeadsNorViewResults()
    {
        await ChangeStatusAsync(OrganisationStatus.Suspended);

        var export = await _host.Get<LeadsExporter>().ExportAsync(_staff, _case.CaseId, "csv");
        var results = await _host.Get<CaseQueries>().ResultsAsync(_staff, _case.CaseId);

        Assert.False(export.Succeeded);
        Assert.Contains("suspended", export.Error);
        await AssertRefusedAtAsync(MoratoriumGate.Doors.ExportLeads);
        Assert.Equal(OutcomeKind.Blocked, results.Kind);
        await AssertRefusedAtAsync(MoratoriumGate.Doors.ViewResults);
        await using var db = await Db();
        Assert.False(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.LeadsExported || e.Action == AuditActions.ResultsViewed));
    }

    [Fact]
    public async Task AMemberMovedToAnotherOrganisationCannotKeepUsingTheOldSignIn()
    {
        await using (var db = await Db())
        {
            var icmec = await db.Organisations.Where(o => o.Name == "International Centre for Missing & Exploited Children").Select(o => o.Id).SingleAsync();
            await db.Users.Where(u => u.Id == _staff.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.OrganisationId, icmec));
        }

        var results = await _host.Get<CaseQueries>().ResultsAsync(_staff, _case.CaseId);
        var submission = await _host.Get<CaseService>().SubmitAsync(_staff, new NewCase("TH-MOVED", Purpose.MissingChild, "", [_gallery], 10),
            [new ProbeUpload("probe.jpg", null, () => new MemoryStream(TestImages.Jpeg(240, 240)))]);

        Assert.Equal(OutcomeKind.Forbidden, results.Kind);
        Assert.Null(submission.CaseId);
        Assert.Equal(OutcomeKind.Forbidden, submission.Case.Kind);
        Assert.Contains("membership changed", submission.Case.Error);
        await using var check = await Db();
        var staffKey = await AuditActorKeys.OfAsync(check, TestAccounts.ThornStaff);
        Assert.True(await check.AuditEntries.AnyAsync(e => e.Action == AuditActions.StandingRefused && e.Actor == staffKey
            && e.Details.Contains("no longer belongs to")));
    }

    [Fact]
    public async Task AnOrganisationUnderReviewAgainIsRefusedAsNotApproved()
    {
        await using (var db = await Db())
            await db.Organisations.Where(o => o.Id == _thorn).ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OrganisationStatus.UnderReview));

        var refusal = await _host.Get<MoratoriumGate>().RefusalAsync(_staff, MoratoriumGate.Doors.ProbeUpload);

        Assert.Equal(OutcomeKind.Blocked, refusal?.Kind);
        Assert.Contains("not approved", refusal?.Error);
        await AssertRefusedAtAsync(MoratoriumGate.Doors.ProbeUpload);
    }

    [Fact]
    public async Task AGallerySharedByASuspendedOrganisationIsWithheldFromOthersUntilItIsReinstated()
    {
        var admin = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.AdminEmail);
        var icmec = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.IcmecStaff);
        var shared = await _host.Get<GallerySharing>().ShareAsync(admin, _gallery, icmec.OrganisationId!.Value);
        Assert.True(shared.Succeeded, shared.Error);
        var access = _host.Get<GalleryAccess>();
        Assert.Contains(_gallery, await access.SearchableAsync(icmec.OrganisationId.Value, [_gallery]));

        await ChangeStatusAsync(OrganisationStatus.Suspended);

        Assert.Empty(await access.SearchableAsync(icmec.OrganisationId.Value, [_gallery]));
        Assert.DoesNotContain(await _host.Get<GalleryService>().ListAsync(icmec), g => g.Id == _gallery);

        await ChangeStatusAsync(OrganisationStatus.Approved);
        Assert.Contains(_gallery, await access.SearchableAsync(icmec.OrganisationId.Value, [_gallery]));
        Assert.Contains(await _host.Get<GalleryService>().ListAsync(icmec), g => g.Id == _gallery);
    }

    private async Task ChangeStatusAsync(OrganisationStatus to)
    {
        var admin = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.AdminEmail);
        var changed = await _host.Get<OrganisationAdministration>().ChangeStatusAsync(admin, _thorn, to, "standing tests");
        Assert.True(changed.Succeeded, changed.Error);
    }

    private async Task AssertRefusedAtAsync(string door)
    {
        await using var db = await Db();
        var entry = await db.AuditEntries.FirstOrDefaultAsync(e => e.Action == AuditActions.StandingRefused && e.Target == $"door:{door}");
        Assert.NotNull(entry);
        Assert.Equal(_thorn, entry.OrganisationId);
        Assert.Contains("not approved", entry.Details);
    }

    private Task<PortalDbContext> Db() => _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }
}
