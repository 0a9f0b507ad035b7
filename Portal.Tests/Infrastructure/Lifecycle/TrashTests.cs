using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Organisations;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Galleries;
using Portal.Infrastructure.Lifecycle;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Lifecycle;

/// <summary>The trash: counts before, invisible at once, restorable by the organisation's admins within the grace, refused after.</summary>
public sealed class TrashTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _clock = new(T0);
    private InfrastructureHost _host = default!;
    private Actor _staff = default!, _reviewer = default!;
    private ReviewScenario.SeededCase _case = default!;
    private Guid _gallery;

    public async Task InitializeAsync()
    {
        _host = await InfrastructureHost.StartAsync(_data.Path, seedDemoData: true, configure: s => s.AddSingleton<TimeProvider>(_clock));
        _staff = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.ThornStaff);
        _reviewer = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.ThornReviewer);
        _case = await ReviewScenario.SearchedCaseAsync(_host.Services, _staff, "TH-TRASH", candidates: 3, foundAt: T0);
        await using var db = await Db();
        _gallery = await db.Galleries.Where(g => g.Name == "TH-TRASH gallery").Select(g => g.Id).SingleAsync();
    }

    private Trash Trash => _host.Get<Trash>();

    [Fact]
    public async Task TheCountsSayWhatADeletionTakesAndWhenItIsGoneForGood()
    {
        var gallery = await Trash.CountsAsync(_staff, TrashKind.Gallery, _gallery);
        var photo = await Trash.CountsAsync(_staff, TrashKind.Photo, await ImageAsync(0));
        var searchCase = await Trash.CountsAsync(_staff, TrashKind.Case, _case.CaseId);

        Assert.Equal(new TrashCounts(TrashKind.Gallery, 3, 3, T0.AddDays(7)), gallery.Value);
        Assert.Equal(new TrashCounts(TrashKind.Photo, 1, 1, T0.AddDays(7)), photo.Value);
        Assert.Equal(new TrashCounts(TrashKind.Case, 1, 1, T0.AddDays(7)), searchCase.Value);
        var icmec = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.IcmecStaff);
        Assert.Equal(OutcomeKind.NotFound, (await Trash.CountsAsync(icmec, TrashKind.Gallery, _gallery)).Kind);
    }

    [Fact]
    public async Task ATrashedGalleryIsNeitherListedNorSearchableAndIsAuditedWithCounts()
    {
        var moved = await _host.Get<GalleryService>().DeleteGalleryAsync(_staff, _gallery);

        Assert.Equal(T0.AddDays(7), moved.Value);
        Assert.DoesNotContain(await _host.Get<GalleryService>().ListAsync(_staff), g => g.Id == _gallery);
        Assert.Equal(OutcomeKind.NotFound, (await _host.Get<GalleryService>().ImagesAsync(_staff, _gallery)).Kind);
        Assert.Empty(await _host.Get<GalleryAccess>().SearchableAsync(_staff.OrganisationId!.Value, [_gallery]));
        await using var db = await Db();
        var entry = await db.AuditEntries.SingleAsync(e => e.Action == AuditActions.TrashMoved);
        Assert.Equal(($"gallery:{_gallery}", "moved to the trash with 3 photo(s) and 3 face(s); deleted for good on 2026-12-08"), (entry.Target, entry.Details));
        Assert.Equal(3, await db.GalleryImages.CountAsync(i => i.GalleryId == _gallery));
    }

    [Fact]
    public async Task ATrashedPhotoLeavesTheGalleryListAndItsCounts()
    {
        var image = await ImageAsync(0);

        Assert.True((await _host.Get<GalleryService>().DeleteImageAsync(_staff, image)).Succeeded);

        Assert.DoesNotContain((await _host.Get<GalleryService>().ImagesAsync(_staff, _gallery)).Value!, i => i.Id == image);
        var summary = (await _host.Get<GalleryService>().GetAsync(_staff, _gallery)).Value!;
        Assert.Equal((2, 2), (summary.Images, summary.IndexedFaces));
        Assert.Equal(OutcomeKind.Conflict, (await _host.Get<GalleryService>().DeleteImageAsync(_staff, image)).Kind);
    }

    [Fact]
    public async Task AnAdminRestoresWithinTheGraceAndItIsBack()
    {
        await Trash.MoveAsync(_staff, TrashKind.Gallery, _gallery);
        _clock.Advance(TimeSpan.FromDays(6));

        var listed = Assert.Single((await Trash.ListAsync(_staff)).Value!);
        Assert.Equal((TrashKind.Gallery, "TH-TRASH gallery", T0.AddDays(7), true), (listed.Kind, listed.What, listed.DeletedForGoodAt, listed.Restorable));
        Assert.True((await Trash.RestoreAsync(_staff, TrashKind.Gallery, _gallery)).Succeeded);

        Assert.Contains(await _host.Get<GalleryService>().ListAsync(_staff), g => g.Id == _gallery);
        Assert.Empty((await Trash.ListAsync(_staff)).Value!);
        await using var db = await Db();
        Assert.Equal("restored with 3 photo(s) and 3 face(s)", (await db.AuditEntries.SingleAsync(e => e.Action == AuditActions.TrashRestored)).Details);
    }

    [Fact]
    public async Task RestoringIsRefusedOnceTheGraceIsOver()
    {
        await Trash.MoveAsync(_staff, TrashKind.Photo, await ImageAsync(1));
        _clock.Advance(TimeSpan.FromDays(7));

        var refused = await Trash.RestoreAsync(_staff, TrashKind.Photo, await ImageAsync(1));

        Assert.Equal((OutcomeKind.Conflict, Trash.PastGrace), (refused.Kind, refused.Error));
        Assert.False(Assert.Single((await Trash.ListAsync(_staff)).Value!).Restorable);
        Assert.Equal(2, (await _host.Get<GalleryService>().ImagesAsync(_staff, _gallery)).Value!.Count);
    }

    [Fact]
    public async Task StaffWhoAreNotAdminsMayMoveToTheTrashButNotSeeOrRestoreIt()
    {
        await using (var db = await Db())
            await db.Users.Where(u => u.Id == _staff.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsOrganisationAdmin, false));

        Assert.True((await Trash.MoveAsync(_staff, TrashKind.Gallery, _gallery)).Succeeded);

        Assert.Equal(OutcomeKind.Forbidden, (await Trash.ListAsync(_staff)).Kind);
        Assert.Equal(OutcomeKind.Forbidden, (await Trash.RestoreAsync(_staff, TrashKind.Gallery, _gallery)).Kind);
        Assert.Empty(await _host.Get<GalleryService>().ListAsync(_staff));
    }

    // Reviewers cannot open the gallery or case pages (both need the partner-staff policy), so they never see a delete button;
    // the service holds them to the same rule.
    [Fact]
    public async Task ReviewersMayNotMoveAnythingToTheTrashAndTheRefusalIsAudited()
    {
        var counts = await Trash.CountsAsync(_reviewer, TrashKind.Gallery, _gallery);
        var gallery = await Trash.MoveAsync(_reviewer, TrashKind.Gallery, _gallery);
        var photo = await Trash.MoveAsync(_reviewer, TrashKind.Photo, await ImageAsync(0));
        var searchCase = await Trash.MoveAsync(_reviewer, TrashKind.Case, _case.CaseId);

        Assert.All([counts.WithoutValue(), gallery.WithoutValue(), photo.WithoutValue(), searchCase.WithoutValue()], refused =>
            Assert.Equal((OutcomeKind.Forbidden, "Only your organisation's partner staff can delete galleries, photos and cases or close cases."),
                (refused.Kind, refused.Error)));
        await AssertNothingMovedAsync();
        await using var db = await Db();
        var refusals = await db.AuditEntries.Where(e => e.Details == "move to the trash refused: not partner staff").ToListAsync();
        Assert.Equal([$"case:{_case.CaseId}", $"gallery:{_gallery}", $"gallery:{_gallery}", $"image:{await ImageAsync(0)}"],
            refusals.Select(e => e.Target).Order());
        Assert.Equal([AuditActions.CaseRefused, AuditActions.GalleryRefused], refusals.Select(e => e.Action).Distinct().Order());
    }

    [Fact]
    public async Task ASuspendedOrganisationsStaffMayNotMoveAnythingToTheTrash()
    {
        await SuspendThornAsync();

        var refused = await Trash.MoveAsync(_staff, TrashKind.Gallery, _gallery);
        var searchCase = await Trash.MoveAsync(_staff, TrashKind.Case, _case.CaseId);

        Assert.Equal((OutcomeKind.Forbidden, "Your organisation is suspended, not approved: its galleries and cases cannot be deleted or closed until it is approved again."),
            (refused.Kind, refused.Error));
        Assert.Equal(OutcomeKind.Forbidden, searchCase.Kind);
        Assert.Equal(OutcomeKind.Forbidden, (await Trash.CountsAsync(_staff, TrashKind.Photo, await ImageAsync(0))).Kind);
        await AssertNothingMovedAsync();
        await using var db = await Db();
        Assert.Equal(3, await db.AuditEntries.CountAsync(e => e.Details == "move to the trash refused: organisation suspended"));
        Assert.Empty(await _host.Get<IDeletionLog>().ReadAfterAsync(0));
    }

    [Fact]
    public async Task AMoveAndARestoreAreWrittenToTheDeletionLogWithIdsAndTheOriginalTime()
    {
        await Trash.MoveAsync(_staff, TrashKind.Gallery, _gallery);
        _clock.Advance(TimeSpan.FromDays(1));
        await Trash.RestoreAsync(_staff, TrashKind.Gallery, _gallery);

        var logged = await _host.Get<IDeletionLog>().ReadAfterAsync(0);

        var organisation = _staff.OrganisationId!.Value;
        Assert.Equal([AuditActions.TrashMoved, AuditActions.TrashRestored], logged.Select(r => r.Cause));
        Assert.Equal(new TrashChange(TrashKind.Gallery, _gallery, organisation, T0, _staff.UserId, Restored: false), logged[0].Trash);
        Assert.Equal(new TrashChange(TrashKind.Gallery, _gallery, organisation, T0, _staff.UserId, Restored: true), logged[1].Trash);
        Assert.All(logged, r => Assert.Empty(r.GalleryIds.Concat(r.ImageIds).Concat(r.FaceIds)));
    }

    private async Task SuspendThornAsync()
    {
        await using var db = await Db();
        await db.Organisations.Where(o => o.Id == _staff.OrganisationId).ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OrganisationStatus.Suspended));
    }

    private async Task AssertNothingMovedAsync()
    {
        await using var db = await Db();
        Assert.False(await db.Galleries.AnyAsync(g => g.TrashedAt != null));
        Assert.False(await db.GalleryImages.AnyAsync(i => i.TrashedAt != null));
        Assert.False(await db.Cases.AnyAsync(c => c.TrashedAt != null));
    }

    [Fact]
    public async Task ATrashedCaseIsNotListedAndItsPageSaysItIsInTheTrash()
    {
        Assert.True((await Trash.MoveAsync(_staff, TrashKind.Case, _case.CaseId)).Succeeded);

        Assert.DoesNotContain(await _host.Get<CaseQueries>().ListAsync(_staff), c => c.Id == _case.CaseId);
        var lifecycle = (await _host.Get<CaseQueries>().GetAsync(_staff, _case.CaseId)).Value!.Lifecycle!;
        Assert.Equal((CaseState.Trashed, T0.AddDays(7)), (lifecycle.State, lifecycle.DeletedForGoodAt));
        Assert.Equal((TrashKind.Case, 1, 1), Assert.Single((await Trash.ListAsync(_staff)).Value!) is var i ? (i.Kind, i.Photos, i.Faces) : default);
    }

    [Fact]
    public async Task TheGraceIsNeverLongerThanThePublishedTrashPeriodOfTheOrganisation()
    {
        await using (var db = await Db())
        {
            db.OrganisationRetentions.Add(new Portal.Domain.Retention.OrganisationRetention
            {
                OrganisationId = _staff.OrganisationId!.Value, Kind = Portal.Domain.Retention.DataKind.Trash, Days = 3,
            });
            await db.SaveChangesAsync();
        }

        Assert.Equal(T0.AddDays(3), (await Trash.MoveAsync(_staff, TrashKind.Gallery, _gallery)).Value);
        _clock.Advance(TimeSpan.FromDays(3));

        Assert.Equal((OutcomeKind.Conflict, Trash.PastGrace), await Trash.RestoreAsync(_staff, TrashKind.Gallery, _gallery) is var r ? (r.Kind, r.Error) : default);
    }

    [Fact]
    public async Task AFaceInTheTrashIsShownToNoReviewerAndNoCropUntilItIsRestored()
    {
        await using var db = await Db();
        var candidate = await db.Candidates.AsNoTracking().FirstAsync(c => c.CaseId == _case.CaseId);
        var reviews = _host.Get<Portal.Infrastructure.Review.ReviewQueries>();
        var crops = _host.Get<FaceCrops>();
        Assert.True((await reviews.ItemAsync(_reviewer, candidate.Id)).Succeeded, "reviewable before the deletion");

        Assert.True((await Trash.MoveAsync(_staff, TrashKind.Photo, candidate.ImageId)).Succeeded);

        Assert.Equal(OutcomeKind.NotFound, (await reviews.ItemAsync(_reviewer, candidate.Id)).Kind);
        Assert.Equal(2, (await reviews.PageAsync(_reviewer, new(_case.CaseId), 0, 10)).Total);
        Assert.Equal(OutcomeKind.NotFound, (await crops.GalleryFaceAsync(_staff, candidate.FaceId, large: false, CancellationToken.None)).Kind);

        Assert.True((await Trash.RestoreAsync(_staff, TrashKind.Photo, candidate.ImageId)).Succeeded);

        Assert.True((await reviews.ItemAsync(_reviewer, candidate.Id)).Succeeded, "reviewable again once restored");
        Assert.Equal(3, (await reviews.PageAsync(_reviewer, new(_case.CaseId), 0, 10)).Total);
    }

    private async Task<Guid> ImageAsync(int index)
    {
        await using var db = await Db();
        return (await db.GalleryImages.Where(i => i.GalleryId == _gallery).OrderBy(i => i.DisplayName).Select(i => i.Id).ToListAsync())[index];
    }

    private Task<PortalDbContext> Db() => _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }
}
