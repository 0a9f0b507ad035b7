using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Auditing;
using Portal.Domain.Cases;
using Portal.Domain.Common;
using Portal.Domain.Galleries;
using Portal.Domain.Moratoria;
using Portal.Domain.Organisations;
using Portal.Domain.Queue;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Galleries;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Moratoria;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Cases;

public sealed class CaseSubmissionTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private QueueTestBed _bed = default!;
    private static readonly Actor Admin = new("admin", TestAccounts.AdminEmail, null, IsPlatformAdmin: true);

    public async Task InitializeAsync() => _bed = await QueueTestBed.StartAsync(_data.Path);

    private CaseService Cases => _bed.Host.Get<CaseService>();

    [Fact]
    public async Task ABadProbeIsReportedAndTheGoodOnesAreStillSubmitted()
    {
        var staff = await _bed.ThornStaffAsync();
        var gallery = await _bed.GalleryAsync(staff);

        var submission = await Cases.SubmitAsync(staff, new NewCase("TH-7", Purpose.MissingChild, "seen at the station", [gallery], 10),
        [
            Probe("good.jpg", TestImages.Jpeg(320, 240)),
            Probe("animated.jpg", TestImages.Gif()),
        ]);

        Assert.NotNull(submission.CaseId);
        Assert.Equal([OutcomeKind.Done, OutcomeKind.Invalid], submission.Probes.Select(p => p.Kind));
        Assert.Equal("The file is a GIF image; only JPEG and PNG photos are accepted.", submission.Probes[1].Message);
        var details = (await _bed.Host.Get<CaseQueries>().GetAsync(staff, submission.CaseId.Value)).Value!;
        Assert.Equal(["good.jpg"], details.Probes.Select(p => p.DisplayName));
        Assert.Equal(JobState.Queued, details.Probes[0].State);
        Assert.Equal(1, details.Probes[0].QueuePosition);
        await using var db = await Db();
        // Ids, never the file name or the case reference (ADR 0010).
        var probeId = (await db.Probes.SingleAsync()).Id.ToString();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.UploadRejected && e.Details.StartsWith("a probe photo refused: ")));
        Assert.False(await db.AuditEntries.AnyAsync(e => e.Details.Contains("animated.jpg") || e.Details.Contains("good.jpg") || e.Details.Contains("TH-7")));
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.CaseSubmitted && e.Details.Contains(probeId) && e.Details.Contains("purpose Finding missing children;")));
    }

    [Fact]
    public async Task OnlyAGrantedPurposeAndTheOrganisationsOwnGalleriesAreAccepted()
    {
        var staff = await _bed.ThornStaffAsync();
        var gallery = await _bed.GalleryAsync(staff);
        var marinus = await ActorAsync("staff@marinus.example");
        var probe = new[] { Probe("a.jpg", TestImages.Jpeg()) };

        var wrongPurpose = await Cases.SubmitAsync(staff, new NewCase("X", Purpose.DisasterReunification, "", [gallery], 10), probe);
        var foreignGallery = await Cases.SubmitAsync(marinus, new NewCase("X", Purpose.TraffickingVictim, "", [gallery], 10), probe);
        var tooMany = await Cases.SubmitAsync(staff, new NewCase("X", Purpose.MissingChild, "", [gallery], 51), probe);

        Assert.Equal((OutcomeKind.Invalid, "Choose one of the purposes your organisation was granted."), (wrongPurpose.Case.Kind, wrongPurpose.Case.Error));
        Assert.Equal((OutcomeKind.Invalid, "One of the chosen galleries is not available to your organisation."), (foreignGallery.Case.Kind, foreignGallery.Case.Error));
        Assert.Contains("between 1 and 50", tooMany.Case.Error);
        await using var db = await Db();
        Assert.False(await db.Cases.AnyAsync());
    }

    [Fact]
    public async Task NotesOverTheCasesLimitAreRefusedWithAnEntryAndNothingIsStored()
    {
        var staff = await _bed.ThornStaffAsync();
        var gallery = await _bed.GalleryAsync(staff);

        var refused = await Cases.SubmitAsync(staff, new NewCase("TH-8", Purpose.MissingChild, new string('n', SearchCase.MaxNotesLength + 1), [gallery], 10),
            [Probe("a.jpg", TestImages.Jpeg())]);

        Assert.Equal(OutcomeKind.Invalid, refused.Case.Kind);
        Assert.Equal(SearchCase.NotesProblem(new string('n', SearchCase.MaxNotesLength + 1)), refused.Case.Error);
        Assert.Null(refused.CaseId);
        await using var db = await Db();
        Assert.False(await db.Cases.AnyAsync());
        var staffKey = await AuditActorKeys.OfAsync(db, staff.Name);
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.CaseRefused && e.Actor == staffKey));
    }

    [Fact]
    public async Task AGalleryWhoseDescriptionOrSourceIsTooLongIsRefusedWithAnEntryAndNotCreated()
    {
        var staff = await _bed.ThornStaffAsync();
        var galleries = _bed.Host.Get<GalleryService>();

        var longDescription = await galleries.CreateAsync(staff, new NewGallery("Long", new string('d', Gallery.MaxDescriptionLength + 1), "intake"));
        var longSource = await galleries.CreateAsync(staff, new NewGallery("Long", "", new string('s', Gallery.MaxSourceLength + 1)));

        Assert.Equal($"Keep the gallery's description to at most {Gallery.MaxDescriptionLength} characters.", longDescription.Error);
        Assert.Equal($"Keep the gallery's source to at most {Gallery.MaxSourceLength} characters.", longSource.Error);
        await using var db = await Db();
        Assert.False(await db.Galleries.AnyAsync(g => g.Name == "Long"));
        var staffKey = await AuditActorKeys.OfAsync(db, staff.Name);
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.GalleryRefused && e.Actor == staffKey));
    }

    [Fact]
    public async Task TheThresholdIsTheHighestOfDefaultSectorAndOwnAndAPartnerCannotLowerIt()
    {
        var thresholds = _bed.Host.Get<ThresholdService>();
        var staff = await _bed.ThornStaffAsync();
        var thorn = staff.OrganisationId!.Value;

        Assert.Equal(0.40f, await thresholds.EffectiveForAsync(thorn));
        await GovernedThresholds.SetAsync(_bed.Host.Services, Sector.ChildProtectionNonprofit, 0.5f);
        Assert.Equal(0.5f, await thresholds.EffectiveForAsync(thorn));
        Assert.False((await thresholds.SetOwnAsync(staff, thorn, 0.45f)).Succeeded);
        Assert.False((await _bed.Host.Get<ThresholdProposals>().ProposeAsync(staff, Sector.ChildProtectionNonprofit, 0.41f, "A partner tries to lower it")).Succeeded);
        Assert.True((await thresholds.SetOwnAsync(staff, thorn, 0.6f)).Succeeded);
        Assert.Equal(0.6f, await thresholds.EffectiveForAsync(thorn));

        var gallery = await _bed.GalleryAsync(staff);
        var submission = await Cases.SubmitAsync(staff, new NewCase("TH-9", Purpose.MissingChild, "", [gallery], 10), [Probe("a.jpg", TestImages.Jpeg())]);
        Assert.Equal(0.6f, (await _bed.Host.Get<CaseQueries>().GetAsync(staff, submission.CaseId!.Value)).Value!.Threshold);
    }

    [Fact]
    public async Task OnlyTheSubmitterCancelsAndACancelledSearchNeverRuns()
    {
        var staff = await _bed.ThornStaffAsync();
        var gallery = await _bed.GalleryAsync(staff);
        var submission = await Cases.SubmitAsync(staff, new NewCase("TH-2", Purpose.MissingChild, "", [gallery], 10), [Probe("a.jpg", TestImages.Jpeg())]);
        var probe = (await _bed.Host.Get<CaseQueries>().GetAsync(staff, submission.CaseId!.Value)).Value!.Probes.Single().ProbeId;
        var colleague = await ActorAsync(TestAccounts.ThornReviewer);

        Assert.Equal("Only the person who submitted a search can cancel it.", (await Cases.CancelProbeAsync(colleague, probe)).Error);
        Assert.True((await Cases.CancelProbeAsync(staff, probe)).Succeeded);
        await _bed.Worker.StartAsync(CancellationToken.None);
        await Task.Delay(500);
        await _bed.Worker.StopAsync(CancellationToken.None);

        Assert.Equal(JobState.Cancelled, (await _bed.JobsAsync()).Single().State);
        Assert.Equal(0, (await _bed.JobsAsync()).Single().Attempts);
    }

    [Fact]
    public async Task WorkQueuedBeforeAMoratoriumIsHeldByTheWorkerNotRunAndResumesWhenItEnds()
    {
        var marinus = await ActorAsync("staff@marinus.example");
        var gallery = await _bed.GalleryAsync(marinus, "Marinus ads");
        var submission = await Cases.SubmitAsync(marinus, new NewCase("MA-1", Purpose.TraffickingVictim, "", [gallery], 10), [Probe("a.jpg", TestImages.Jpeg())]);
        Assert.NotNull(submission.CaseId);
        var schedule = _bed.Host.Get<MoratoriumSchedule>();
        var moratorium = (await schedule.CreateAsync(Admin, new MoratoriumDraft("Pause", [Sector.AntiTraffickingNonprofit], [],
            DateTimeOffset.UtcNow.AddMinutes(-1), null, "A pause."), "test")).Value;

        await _bed.Worker.StartAsync(CancellationToken.None);
        await _bed.WaitUntilAsync(jobs => jobs.Single().State == JobState.HeldByMoratorium);
        Assert.True((await schedule.EndEarlyAsync(Admin, moratorium, "over")).Succeeded);
        await _bed.Host.Get<MoratoriumEnforcer>().SweepAsync();
        _bed.Host.Get<Portal.Infrastructure.Queue.JobQueue>().Signal();
        await _bed.WaitUntilAsync(jobs => jobs.Single().State == JobState.Succeeded);
        await _bed.Worker.StopAsync(CancellationToken.None);

        Assert.Equal(1, (await _bed.JobsAsync()).Single().Attempts);
    }

    private static ProbeUpload Probe(string name, byte[] bytes) => new(name, bytes.Length, () => new MemoryStream(bytes));

    private async Task<Actor> ActorAsync(string email)
    {
        using var scope = _bed.Host.Services.CreateScope();
        var user = (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email))!;
        return new Actor(user.Id, email, user.OrganisationId);
    }

    [Fact]
    public async Task SomeoneOutsideAnyPartnerOrganisationIsForbiddenToSubmitAndACaseOfOnlyBadPhotosIsInvalid()
    {
        var staff = await _bed.ThornStaffAsync();
        var gallery = await _bed.GalleryAsync(staff);

        var byAdmin = await Cases.SubmitAsync(Admin, new NewCase("TH-9", Purpose.MissingChild, "", [gallery], 10), [Probe("a.jpg", TestImages.Jpeg())]);
        var onlyBad = await Cases.SubmitAsync(staff, new NewCase("TH-10", Purpose.MissingChild, "", [gallery], 10), [Probe("b.jpg", TestImages.Gif())]);

        Assert.Equal((OutcomeKind.Forbidden, "Only staff of a partner organisation submit searches."), (byAdmin.Case.Kind, byAdmin.Case.Error));
        Assert.Null(byAdmin.CaseId);
        Assert.Equal((OutcomeKind.Invalid, "None of the photos could be used; nothing was submitted."), (onlyBad.Case.Kind, onlyBad.Case.Error));
        // The refused case still says why each photo could not be used.
        Assert.Equal(OutcomeKind.Invalid, Assert.Single(onlyBad.Probes).Kind);
        await using var db = await Db();
        Assert.False(await db.Cases.AnyAsync());
    }

    [Fact]
    public async Task AReviewerWithoutTheStaffRoleCannotSubmitCreateAGalleryOrUploadAndEachRefusalIsAudited()
    {
        var staff = await _bed.ThornStaffAsync();
        var gallery = await _bed.GalleryAsync(staff);
        var reviewer = await ActorAsync(TestAccounts.ThornReviewer);
        var galleries = _bed.Host.Get<GalleryService>();

        var submitted = await Cases.SubmitAsync(reviewer, new NewCase("TH-R", Purpose.MissingChild, "", [gallery], 10), [Probe("a.jpg", TestImages.Jpeg())]);
        var created = await galleries.CreateAsync(reviewer, new NewGallery("Reviewer's own", "", "tests"));
        var photo = TestImages.Jpeg();
        var uploaded = await galleries.UploadAsync(reviewer, gallery, new MemoryStream(photo), "a.jpg", photo.Length);

        const string Message = "Only your organisation's partner staff can upload photos and submit searches.";
        Assert.Equal((OutcomeKind.Forbidden, Message), (submitted.Case.Kind, submitted.Case.Error));
        Assert.Equal((OutcomeKind.Forbidden, Message), (created.Kind, created.Error));
        Assert.Equal(OutcomeKind.Forbidden, uploaded.Kind);
        await using var db = await Db();
        Assert.False(await db.Cases.AnyAsync());
        Assert.False(await db.Galleries.AnyAsync(g => g.Name == "Reviewer's own"));
        Assert.False(await db.GalleryImages.AnyAsync());
        var refusals = await db.AuditEntries.Where(e => e.Action == AuditActions.StandingRefused).Select(e => e.Target).ToListAsync();
        Assert.Equal(["door:submit search", "door:gallery upload", "door:gallery upload"], refusals);
    }

    private Task<PortalDbContext> Db() => _bed.Host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    public async Task DisposeAsync()
    {
        await _bed.DisposeAsync();
        _data.Dispose();
    }
}
