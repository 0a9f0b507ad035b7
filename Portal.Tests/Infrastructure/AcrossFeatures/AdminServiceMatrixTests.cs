using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Galleries;
using Portal.Domain.Identity;
using Portal.Domain.Moratoria;
using Portal.Domain.Organisations;
using Portal.Domain.Queue;
using Portal.Domain.Review;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Galleries;
using Portal.Infrastructure.Moratoria;
using Portal.Infrastructure.Organisations;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Queue;
using Portal.Infrastructure.Review;
using Portal.Infrastructure.Users;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.AcrossFeatures;

/// <summary>
/// The authorisation matrix one door further in: every admin service method, called directly as each persona.
/// Pages are checked by AuthorizationMatrixTests; a page opened before a role was taken away, or any other
/// caller, reaches the service, so only a platform admin may succeed here and nobody else changes anything.
/// </summary>
public sealed class AdminServiceMatrixTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private InfrastructureHost _host = default!;

    public async Task InitializeAsync() => _host = await InfrastructureHost.StartAsync(_data.Path, seedDemoData: true);

    public static TheoryData<string> Methods => new(AdminCalls.All.Keys);

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task OnlyAPlatformAdminSucceedsAndNobodyElseChangesAnything(string method)
    {
        var bed = await AdminBed.ArrangeAsync(_host);
        var call = AdminCalls.All[method];

        foreach (var persona in new[] { TestAccounts.IcmecStaff, TestAccounts.ThornReviewer, TestAccounts.ThornStaff })
        {
            var before = await bed.SnapshotAsync();
            var succeeded = await call(bed, await bed.PartnerAsync(persona));
            Assert.False(succeeded, $"{method} succeeded for {persona}");
            Assert.Equal(before, await bed.SnapshotAsync());
        }
        var admin = await call(bed, bed.Admin);
        Assert.True(admin, $"{method} failed for the platform admin");
    }

    /// <summary>Issue 14, item 1: an admin read refuses in words, not with an empty list that looks like "nothing there".</summary>
    [Fact]
    public async Task AnAdminReadRefusesAPartnerAsForbiddenAndAnotherOrganisationsDetailsAsNotFound()
    {
        var bed = await AdminBed.ArrangeAsync(_host);
        var reviewer = await bed.PartnerAsync(TestAccounts.ThornReviewer);

        var users = await bed.Get<UserAdministration>().ListAsync(reviewer);
        var details = await bed.Get<OrganisationAdministration>().GetAsync(reviewer, bed.MarinusId);
        var own = await bed.Get<OrganisationAdministration>().GetAsync(reviewer, bed.ThornId);

        Assert.Equal(OutcomeKind.Forbidden, users.Kind);
        Assert.False(string.IsNullOrWhiteSpace(users.Error));
        Assert.Equal(OutcomeKind.NotFound, details.Kind);
        Assert.Equal("Thorn", own.Value?.Name);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }
}

/// <summary>Each admin method with arguments that succeed for a platform admin; true when it succeeded.</summary>
internal static class AdminCalls
{
    public static readonly IReadOnlyDictionary<string, Func<AdminBed, Actor, Task<bool>>> All = new Dictionary<string, Func<AdminBed, Actor, Task<bool>>>
    {
        ["MoratoriumSchedule.Create"] = async (b, a) => (await b.Get<MoratoriumSchedule>().CreateAsync(a, b.Draft("New pause"), "matrix")).Succeeded,
        ["MoratoriumSchedule.Edit"] = async (b, a) => (await b.Get<MoratoriumSchedule>().EditAsync(a, b.MoratoriumId, b.Draft("Renamed"), "matrix")).Succeeded,
        ["MoratoriumSchedule.Extend"] = async (b, a) => (await b.Get<MoratoriumSchedule>().ExtendAsync(a, b.MoratoriumId, b.Now.AddDays(30), "matrix")).Succeeded,
        ["MoratoriumSchedule.EndEarly"] = async (b, a) => (await b.Get<MoratoriumSchedule>().EndEarlyAsync(a, b.MoratoriumId, "matrix")).Succeeded,
        ["UserAdministration.List"] = async (b, a) => (await b.Get<UserAdministration>().ListAsync(a)).Succeeded,
        ["UserAdministration.Create"] = async (b, a) => (await b.Get<UserAdministration>().CreateAsync(a,
            new NewUser("matrix@thorn.example", "Matrix", "a-long-enough-password", [Roles.Reviewer], b.ThornId))).Succeeded,
        ["UserAdministration.UpdateMembership"] = async (b, a) => (await b.Get<UserAdministration>().UpdateMembershipAsync(a,
            (await b.PartnerAsync(TestAccounts.ThornReviewer)).UserId, [Roles.Reviewer, Roles.PartnerStaff], b.ThornId)).Succeeded,
        ["AuditQueries.Page"] = async (b, a) => (await b.Get<AuditQueries>().PageAsync(a, new AuditFilter(), 0, 20)).Succeeded,
        ["AuditQueries.Export"] = async (b, a) => (await b.Get<AuditQueries>().ExportCsvAsync(a, new AuditFilter(), TextWriter.Null)).Succeeded,
        ["AuditQueries.Verify"] = async (b, a) => (await b.Get<AuditQueries>().VerifyAsync(a)).Succeeded,
        ["QueueAdministration.Stats"] = async (b, a) => (await b.Get<QueueAdministration>().StatsAsync(a)).DeadLetters.Count > 0,
        ["GallerySharing.List"] = async (b, a) => (await b.Get<GallerySharing>().ListAsync(a)).Succeeded,
        ["QueueAdministration.Retry"] = async (b, a) => (await b.Get<QueueAdministration>().RetryAsync(a, b.DeadJobId)).Succeeded,
        ["GallerySharing.Share"] = async (b, a) => (await b.Get<GallerySharing>().ShareAsync(a, b.GalleryId, b.MarinusId)).Succeeded,
        ["GallerySharing.Unshare"] = async (b, a) => (await b.Get<GallerySharing>().UnshareAsync(a, b.GalleryId, b.IcmecId)).Succeeded,
        ["OrganisationAdministration.List"] = async (b, a) => (await b.Get<OrganisationAdministration>().ListAsync(a, new OrganisationFilter(null, null))).Succeeded,
        ["OrganisationAdministration.Get"] = async (b, a) => (await b.Get<OrganisationAdministration>().GetAsync(a, b.MarinusId)).Succeeded,
        ["OrganisationAdministration.ChangeStatus"] = async (b, a) =>
            (await b.Get<OrganisationAdministration>().ChangeStatusAsync(a, b.MarinusId, OrganisationStatus.Suspended, "matrix")).Succeeded,
        ["ThresholdProposals.Propose"] = async (b, a) => (await b.Get<ThresholdProposals>().ProposeAsync(a,
            Sector.Research, await b.Get<ThresholdService>().DefaultAsync() + 0.01f, "A reason for the matrix")).Succeeded,
        ["ThresholdProposals.Confirm"] = async (b, a) => (await b.Get<ThresholdProposals>().ConfirmAsync(a, b.OthersProposalId)).Succeeded,
        ["ThresholdProposals.Reject"] = async (b, a) => (await b.Get<ThresholdProposals>().RejectAsync(a, b.OthersProposalId, "Not for the matrix")).Succeeded,
        ["ThresholdProposals.Withdraw"] = async (b, a) => (await b.Get<ThresholdProposals>().WithdrawAsync(a, b.OwnProposalId)).Succeeded,
        ["ThresholdHistory.Overview"] = async (b, a) => (await b.Get<ThresholdHistory>().OverviewAsync(a)).Succeeded,
        ["ThresholdService.SectorMinimums"] = async (b, a) => (await b.Get<ThresholdService>().SectorMinimumsAsync(a)).Succeeded,
        ["AdminGrants.Pending"] = async (b, a) => (await b.Get<AdminGrants>().PendingAsync(a)).Succeeded,
        ["AdminGrants.Confirm"] = async (b, a) => (await b.Get<AdminGrants>().ConfirmAsync(a, b.PendingGrantId)).Succeeded,
        ["AdminGrants.Cancel"] = async (b, a) => (await b.Get<AdminGrants>().CancelAsync(a, b.PendingGrantId)).Succeeded,
        ["UserAdministration.Organisations"] = async (b, a) => (await b.Get<UserAdministration>().OrganisationsAsync(a)).Succeeded,
        ["AuditQueries.Actions"] = async (b, a) => (await b.Get<AuditQueries>().ActionsAsync(a)).Succeeded,
        ["AuditQueries.Organisations"] = async (b, a) => (await b.Get<AuditQueries>().OrganisationsAsync(a)).Succeeded,
        ["MoratoriumSchedule.Preview"] = async (b, a) =>
            (await b.Get<MoratoriumSchedule>().PreviewAsync(a, b.MoratoriumId, b.Draft("Renamed"))).Succeeded,
        ["MoratoriumSchedule.HeldJobCounts"] = async (b, a) => (await b.Get<MoratoriumSchedule>().HeldJobCountsAsync(a)).Succeeded,
        ["ReviewRecords.Disputed"] = async (b, a) => (await b.Get<ReviewRecords>().DisputedAsync(a)).Value?.Any(d => d.CandidateId == b.DisputedId) == true,
        ["ReviewRecords.DisputedCount"] = async (b, a) => await b.Get<ReviewRecords>().DisputedCountAsync(a) > 0,
        ["ReviewService.Settle"] = async (b, a) => (await b.Get<ReviewService>().SettleAsync(a, b.DisputedId, ReviewVerdict.Reject, "matrix")).Succeeded,
        ["FaceCrops.DisputedFace"] = async (b, a) =>
            (await b.Get<FaceCrops>().DisputedFaceAsync(a, b.DisputedId, probeSide: true, large: false, CancellationToken.None)).Value?.Jpeg is not null,
        ["OrganisationAdministration.Approve"] = async (b, a) =>
            (await b.Get<OrganisationAdministration>().ApproveAsync(a, b.ApplicantId, Purpose.MissingChild, "matrix")).Succeeded,
    };
}

/// <summary>
/// The seeded portal plus what some methods act on: a moratorium, a dead letter, a shared gallery, a disputed
/// candidate of Thorn's, an organisation under review.
/// </summary>
internal sealed class AdminBed(InfrastructureHost host, IDbContextFactory<PortalDbContext> factory)
{
    /// <summary>The seeded admin's account: admin services read the role from the database where two admins must be independent.</summary>
    public Actor Admin { get; private set; } = new("admin", TestAccounts.AdminEmail, null, IsPlatformAdmin: true);
    public DateTimeOffset Now => Get<TimeProvider>().GetUtcNow();
    public Guid ThornId { get; private set; }
    public Guid IcmecId { get; private set; }
    public Guid MarinusId { get; private set; }
    public Guid MoratoriumId { get; private set; }
    public Guid DeadJobId { get; private set; }
    public Guid GalleryId { get; private set; }
    public Guid DisputedId { get; private set; }
    public Guid ApplicantId { get; private set; }

    /// <summary>A pending threshold proposal of another admin (to confirm or reject) and one of <see cref="Admin"/>'s (to withdraw).</summary>
    public Guid OthersProposalId { get; private set; }
    public Guid OwnProposalId { get; private set; }

    /// <summary>A grant of the admin role asked for by another admin, for <see cref="Admin"/> to confirm or cancel.</summary>
    public Guid PendingGrantId { get; private set; }

    public T Get<T>() where T : notnull => host.Get<T>();

    public MoratoriumDraft Draft(string title) =>
        new(title, [Sector.AntiTraffickingNonprofit], [], Now.AddDays(-1), Now.AddDays(10), "A pause for the matrix.");

    public static async Task<AdminBed> ArrangeAsync(InfrastructureHost host)
    {
        var bed = new AdminBed(host, host.Get<IDbContextFactory<PortalDbContext>>());
        bed.Admin = await ReviewScenario.ActorAsync(host.Services, TestAccounts.AdminEmail);
        await using var db = await host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var ids = await db.Organisations.ToDictionaryAsync(o => o.Name, o => o.Id);
        (bed.ThornId, bed.IcmecId, bed.MarinusId) = (ids["Thorn"], ids["International Centre for Missing & Exploited Children"], ids["Marinus Analytics"]);
        var created = await host.Get<MoratoriumSchedule>().CreateAsync(bed.Admin, bed.Draft("Matrix pause"), "arranged");
        Assert.True(created.Succeeded, created.Error);
        bed.MoratoriumId = created.Value;
        var job = new RecognitionJob { Kind = JobKind.SearchProbe, SubjectId = Guid.NewGuid(), OrganisationId = bed.ThornId, SubmittedBy = "staff",
            State = JobState.DeadLettered, Attempts = RecognitionJob.MaxAttempts, LastError = "boom", CreatedAt = bed.Now, NotBefore = bed.Now };
        var gallery = new Gallery { OrganisationId = bed.ThornId, Name = "Matrix gallery", CreatedBy = "staff", CreatedAt = bed.Now };
        db.Jobs.Add(job);
        db.Galleries.Add(gallery);
        db.GalleryShares.Add(new GalleryShare { GalleryId = gallery.Id, OrganisationId = bed.IcmecId, SharedBy = "admin", SharedAt = bed.Now });
        await db.SaveChangesAsync();
        (bed.DeadJobId, bed.GalleryId) = (job.Id, gallery.Id);
        bed.DisputedId = await DisputedCandidateAsync(host);
        bed.ApplicantId = await ApplicantUnderReviewAsync(host, bed.Now);
        await GovernedThresholds.EnsureAdminsAsync(host.Services);
        var proposals = host.Get<ThresholdProposals>();
        bed.OthersProposalId = (await proposals.ProposeAsync(GovernedThresholds.OtherAdmin, Sector.LawEnforcement, 0.9f, "Arranged for the matrix")).Value;
        bed.OwnProposalId = (await proposals.ProposeAsync(bed.Admin, null, 0.42f, "Arranged for the matrix")).Value;
        var (asked, _) = await AdminAccounts.AskAsync(host.Services, GovernedThresholds.OtherAdmin, "matrix-admin@reunite.example");
        bed.PendingGrantId = await AdminAccounts.PendingGrantAsync(host.Services, bed.Admin, asked);
        return bed;
    }

    /// <summary>Two Thorn reviewers disagree on a candidate of a Thorn case, as in SettleConflictTests.</summary>
    private static async Task<Guid> DisputedCandidateAsync(InfrastructureHost host)
    {
        var staff = await ReviewScenario.ActorAsync(host.Services, TestAccounts.ThornStaff);
        var candidate = (await ReviewScenario.SearchedCaseAsync(host.Services, staff, "TH-MATRIX", 1)).Candidates[0];
        var reviews = host.Get<ReviewService>();
        var first = await ReviewScenario.ActorAsync(host.Services, TestAccounts.ThornReviewer);
        var second = await ReviewScenario.ActorAsync(host.Services, TestAccounts.ThornSecondReviewer);
        Assert.True((await reviews.DecideAsync(first, candidate, ReviewVerdict.Confirm, "looks the same")).Succeeded);
        Assert.Equal(ReviewState.Disputed, (await reviews.DecideAsync(second, candidate, ReviewVerdict.Reject, "different nose bridge")).Value);
        return candidate;
    }

    /// <summary>A confirmed application an admin has started to review, so it can be approved.</summary>
    private static async Task<Guid> ApplicantUnderReviewAsync(InfrastructureHost host, DateTimeOffset now)
    {
        var applicant = new Organisation
        {
            Name = "Matrix Applicant", Sector = Sector.ChildProtectionNonprofit, RequestedPurposes = Purpose.MissingChild,
            CreatedAt = now, ApplicationConfirmedAt = now,
        };
        Assert.True(applicant.ChangeStatus(OrganisationStatus.UnderReview, "admin", "checking", now).Succeeded);
        await using var db = await host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        db.Organisations.Add(applicant);
        await db.SaveChangesAsync();
        return applicant.Id;
    }

    public async Task<Actor> PartnerAsync(string email)
    {
        await using var db = await factory.CreateDbContextAsync();
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Email == email);
        return new Actor(user.Id, email, user.OrganisationId);
    }

    /// <summary>Everything an admin method could change, as one comparable string.</summary>
    public async Task<string> SnapshotAsync()
    {
        await using var db = await factory.CreateDbContextAsync();
        var parts = new List<object>
        {
            // A refused settlement or threshold step is audited like a reviewer's refusal: a record of the attempt, not a change.
            await db.AuditEntries.CountAsync(e => e.Action != AuditActions.ReviewRefused && e.Action != AuditActions.ThresholdRefused
                && e.Action != AuditActions.AdminGrantRefused),
            string.Join(";", await db.Candidates.AsNoTracking().OrderBy(c => c.Id).Select(c => c.Id + c.ReviewState.ToString()).ToListAsync()),
            await db.ReviewDecisions.CountAsync(),
            string.Join(";", await db.Moratoria.AsNoTracking().OrderBy(m => m.Id).Select(m => m.Id + m.Title + m.EndsAt).ToListAsync()),
            string.Join(";", await db.Users.AsNoTracking().OrderBy(u => u.Id).Select(u => u.Id + u.OrganisationId + u.SecurityStamp).ToListAsync()),
            await db.UserRoles.CountAsync(),
            string.Join(";", await db.Jobs.AsNoTracking().OrderBy(j => j.Id).Select(j => j.Id + j.State.ToString()).ToListAsync()),
            await db.GalleryShares.CountAsync(),
            string.Join(";", await db.Organisations.AsNoTracking().OrderBy(o => o.Id).Select(o => o.Id + o.Status.ToString() + o.GrantedPurposes).ToListAsync()),
            string.Join(";", await db.SectorThresholds.AsNoTracking().Select(t => t.Sector + ":" + t.Minimum).ToListAsync()),
            string.Join(";", await db.ThresholdProposals.AsNoTracking().OrderBy(p => p.Id).Select(p => p.Id + p.State.ToString()).ToListAsync()),
            await db.PlatformThresholds.CountAsync(),
            string.Join(";", await db.AdminGrants.AsNoTracking().OrderBy(g => g.Id).Select(g => g.Id + g.State.ToString()).ToListAsync()),
        };
        return string.Join("|", parts);
    }
}
