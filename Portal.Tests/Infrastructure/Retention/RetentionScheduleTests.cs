using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Domain.Auditing;
using Portal.Domain.Cases;
using Portal.Domain.Common;
using Portal.Domain.Galleries;
using Portal.Domain.Retention;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Retention;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Retention;

/// <summary>Issue 16, point 1: the published schedule, its reasoned revisions, and shorter periods below it.</summary>
public sealed class RetentionScheduleTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private InfrastructureHost _host = default!;

    public async Task InitializeAsync() => _host = await StartAsync();

    private Task<InfrastructureHost> StartAsync() =>
        InfrastructureHost.StartAsync(_data.Path, seedDemoData: true, configure: services => services.AddSingleton<TimeProvider>(_time));

    [Fact]
    public async Task TheDefaultScheduleIsSeededOnceWhateverTheNumberOfStartUps()
    {
        await _host.DisposeAsync();
        _host = await StartAsync();

        var rules = await Schedule.RulesAsync();
        Assert.Equal(Enum.GetValues<DataKind>(), rules.Select(r => r.Kind));
        Assert.Equal(30, rules.Single(r => r.Kind == DataKind.ProbePhotos).MaxDays);
        Assert.Equal((1095, ClockEvent.LastInteraction), rules.Where(r => r.Kind == DataKind.OpenCaseInactivity).Select(r => (r.MaxDays, r.Clock)).Single());
        Assert.Equal((0, ClockEvent.Downloaded), rules.Where(r => r.Kind == DataKind.Exports).Select(r => (r.MaxDays, r.Clock)).Single());
        Assert.Equal(2555, rules.Single(r => r.Kind == DataKind.AuditEntries).MaxDays);
        var revision = Assert.Single(await Schedule.HistoryAsync());
        Assert.Equal(("system", "Initial schedule"), (revision.Actor, revision.Reason));
    }

    [Fact]
    public async Task AnEditWithoutAReasonIsRefusedAndChangesNothing()
    {
        var outcome = await Schedule.EditAsync(await ActorAsync(TestAccounts.AdminEmail), DataKind.ProbePhotos, 14, "  ");

        Assert.Equal(OutcomeKind.Invalid, outcome.Kind);
        Assert.Equal(30, (await Schedule.RulesAsync()).Single(r => r.Kind == DataKind.ProbePhotos).MaxDays);
        Assert.Single(await Schedule.HistoryAsync());
    }

    [Fact]
    public async Task AnEditKeepsARevisionOfTheWholeScheduleAndAnAuditEntry()
    {
        _time.Advance(TimeSpan.FromDays(3));

        var admin = await ActorAsync(TestAccounts.AdminEmail);
        var outcome = await Schedule.EditAsync(admin, DataKind.ProbePhotos, 14, "Partners asked for less");

        Assert.True(outcome.Succeeded, outcome.Error);
        var latest = (await Schedule.HistoryAsync())[0];
        // The account's id, never its e-mail: the revision is public history and outlives the account (ADR 0010).
        Assert.Equal((_time.GetUtcNow(), "Partners asked for less", $"user:{admin.UserId}"), (latest.At, latest.Reason, latest.Actor));
        Assert.Equal("Probe photos of closed cases: 30 days to 14 days", latest.Change);
        Assert.Equal(14, RetentionSnapshot.Read(latest.Rules)[DataKind.ProbePhotos]);
        await using var db = await Db();
        var entry = await db.AuditEntries.SingleAsync(e => e.Action == AuditActions.RetentionEdited);
        Assert.Equal("retention:ProbePhotos", entry.Target);
    }

    [Fact]
    public async Task SomeoneWhoIsNotAPlatformAdminCannotEditTheScheduleAndTheRefusalIsAudited()
    {
        var outcome = await Schedule.EditAsync(await ActorAsync(TestAccounts.ThornStaff), DataKind.ProbePhotos, 14, "shorter");

        Assert.Equal(OutcomeKind.Forbidden, outcome.Kind);
        await using var db = await Db();
        var staff = await AuditActorKeys.OfAsync(db, TestAccounts.ThornStaff);
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.RetentionRefused && e.Actor == staff));
        Assert.Single(await Schedule.HistoryAsync());
    }

    [Fact]
    public async Task AnOrganisationKeepsAShorterPeriodButNeverALongerOne()
    {
        var admin = await ActorAsync(TestAccounts.ThornStaff);
        var organisation = admin.OrganisationId!.Value;

        var longer = await Overrides.SetOrganisationAsync(admin, organisation, DataKind.ProbePhotos, 31);
        var shorter = await Overrides.SetOrganisationAsync(admin, organisation, DataKind.ProbePhotos, 10);

        Assert.Equal(OutcomeKind.Invalid, longer.Kind);
        Assert.Contains("never longer", longer.Error);
        Assert.True(shorter.Succeeded, shorter.Error);
        var period = (await Overrides.OrganisationPeriodsAsync(admin, organisation)).Value!.Single(p => p.Kind == DataKind.ProbePhotos);
        Assert.Equal((30, (int?)10, 10), (period.PlatformDays, period.OwnDays, period.EffectiveDays));
        await using var db = await Db();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.RetentionOrganisationSet && e.OrganisationId == organisation));
        Assert.Contains(await db.AuditEntries.Where(e => e.Action == AuditActions.RetentionRefused && e.OrganisationId == organisation).Select(e => e.Details).ToListAsync(),
            d => d.StartsWith("ProbePhotos: 31 day(s) refused", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AMemberWhoIsNotTheOrganisationsAdminCannotSetItsPeriods()
    {
        var reviewer = await ActorAsync(TestAccounts.ThornReviewer);

        var outcome = await Overrides.SetOrganisationAsync(reviewer, reviewer.OrganisationId!.Value, DataKind.ProbePhotos, 10);

        Assert.Equal(OutcomeKind.Forbidden, outcome.Kind);
        await using var db = await Db();
        var reviewerKey = await AuditActorKeys.OfAsync(db, TestAccounts.ThornReviewer);
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.RetentionRefused && e.Actor == reviewerKey));
    }

    [Fact]
    public async Task ACaseOrAGalleryMayBeShorterThanItsOrganisationButNeverLonger()
    {
        var staff = await ActorAsync(TestAccounts.ThornStaff);
        var organisation = staff.OrganisationId!.Value;
        await Overrides.SetOrganisationAsync(staff, organisation, DataKind.GalleryPhotos, 365);
        var (caseId, galleryId) = await CaseAndGalleryAsync(organisation);

        Assert.Equal(OutcomeKind.Invalid, (await Overrides.SetGalleryAsync(staff, galleryId, 366)).Kind);
        Assert.Equal(OutcomeKind.Invalid, (await Overrides.SetCaseAsync(staff, caseId, 31)).Kind);
        Assert.True((await Overrides.SetGalleryAsync(staff, galleryId, 100)).Succeeded);
        Assert.True((await Overrides.SetCaseAsync(staff, caseId, 7)).Succeeded);

        Assert.Equal(100, await Overrides.EffectiveDaysAsync(organisation, DataKind.GalleryPhotos, 100));
        await using var db = await Db();
        Assert.Equal(7, (await db.Cases.SingleAsync(c => c.Id == caseId)).RetentionDays);
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.RetentionOverrideSet));
    }

    [Fact]
    public async Task AnotherOrganisationsCaseIsNotFound()
    {
        var (caseId, _) = await CaseAndGalleryAsync((await ActorAsync(TestAccounts.ThornStaff)).OrganisationId!.Value);

        var outcome = await Overrides.SetCaseAsync(await ActorAsync(TestAccounts.IcmecStaff), caseId, 7);

        Assert.Equal(OutcomeKind.NotFound, outcome.Kind);
    }

    [Fact]
    public async Task ThePlatformMayShortenBelowAnOrganisationsPeriodAndTheShortestApplies()
    {
        var staff = await ActorAsync(TestAccounts.ThornStaff);
        var organisation = staff.OrganisationId!.Value;
        await Overrides.SetOrganisationAsync(staff, organisation, DataKind.GalleryPhotos, 365);

        var outcome = await Schedule.EditAsync(await ActorAsync(TestAccounts.AdminEmail), DataKind.GalleryPhotos, 200, "Shorter for everyone");

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(200, await Overrides.EffectiveDaysAsync(organisation, DataKind.GalleryPhotos, null));
    }

    private async Task<(Guid Case, Guid Gallery)> CaseAndGalleryAsync(Guid organisation)
    {
        await using var db = await Db();
        var searchCase = new SearchCase { OrganisationId = organisation, Reference = "R-1", CreatedBy = "staff", CreatedAt = _time.GetUtcNow() };
        var gallery = new Gallery { OrganisationId = organisation, Name = "Retention gallery", CreatedBy = "staff", CreatedAt = _time.GetUtcNow() };
        db.AddRange(searchCase, gallery);
        await db.SaveChangesAsync();
        return (searchCase.Id, gallery.Id);
    }

    private RetentionSchedule Schedule => _host.Get<RetentionSchedule>();
    private RetentionOverrides Overrides => _host.Get<RetentionOverrides>();
    private Task<Actor> ActorAsync(string email) => ReviewScenario.ActorAsync(_host.Services, email);
    private Task<PortalDbContext> Db() => _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }
}
