using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Identity;
using Portal.Domain.Lifecycle;
using Portal.Domain.Organisations;
using Portal.Domain.Queue;
using Portal.Domain.Review;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Lifecycle;
using Portal.Infrastructure.Messaging;
using Portal.Infrastructure.Organisations;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Review;

namespace Portal.Tests.Support;

/// <summary>
/// Content on every page the accessibility checks visit, written through the portal's own services: a searched
/// case with a confirmed lead, a dispute and a candidate still to review; a gallery with photos; an application
/// under review; an open invitation (and so mail); a dead-lettered job; an admin with an authenticator.
/// </summary>
public sealed record AccessibilityScenario(
    Guid CaseId, Guid GalleryId, Guid PendingCandidate, Guid Applicant, string InvitationLink, string ConfirmationLink, string AdminKey,
    Guid CertificateId, Guid DeletionRequestId, Guid EvaluationId)
{
    public const string ApplicantEmail = "lead@harbour.example";
    public const string InvitedEmail = "new.reviewer@thorn.example";

    public static async Task<AccessibilityScenario> SeedAsync(IServiceProvider services)
    {
        var staff = await ReviewScenario.ActorAsync(services, TestAccounts.ThornStaff);
        var seeded = await ReviewScenario.SearchedCaseAsync(services, staff, "TH-A11Y-001", 3);
        var reviews = services.GetRequiredService<ReviewService>();
        var first = await ReviewScenario.ActorAsync(services, TestAccounts.ThornReviewer);
        var second = await ReviewScenario.ActorAsync(services, TestAccounts.ThornSecondReviewer);
        // Both confirm the first candidate (a lead); they disagree on the second (a dispute); the third stays open.
        Assert.True((await reviews.DecideAsync(first, seeded.Candidates[0], ReviewVerdict.Confirm, "Same scar above the left eyebrow.")).Succeeded);
        Assert.True((await reviews.DecideAsync(second, seeded.Candidates[0], ReviewVerdict.Confirm, "Ear shape matches.")).Succeeded);
        Assert.True((await reviews.DecideAsync(first, seeded.Candidates[1], ReviewVerdict.Confirm, "Birthmark on the neck.")).Succeeded);
        Assert.True((await reviews.DecideAsync(second, seeded.Candidates[1], ReviewVerdict.Reject, "Different jawline.")).Succeeded);

        await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var galleryId = await db.Galleries.Where(g => g.Name == "TH-A11Y-001 gallery").Select(g => g.Id).SingleAsync();
        var now = DateTimeOffset.UtcNow;
        db.Jobs.Add(new RecognitionJob
        {
            Kind = JobKind.IndexGalleryImage, SubjectId = Guid.NewGuid(), OrganisationId = staff.OrganisationId!.Value, SubmittedBy = staff.UserId,
            State = JobState.DeadLettered, Attempts = RecognitionJob.MaxAttempts, LastError = "decoder timed out", FailureReason = "could not be processed after 5 attempts",
            CreatedAt = now, NotBefore = now,
        });
        await db.SaveChangesAsync();

        var mail = services.GetRequiredService<IMailPickup>();
        Assert.True((await services.GetRequiredService<OrganisationMembers>().InviteAsync(staff, staff.OrganisationId!.Value, InvitedEmail, Roles.Reviewer)).Succeeded);
        Assert.True((await services.GetRequiredService<PartnerApplications>().SubmitAsync(Applicants.Application("Harbour Reunite", ApplicantEmail), "10.0.0.9")).Succeeded);
        var applicant = await db.Organisations.Where(o => o.Name == "Harbour Reunite").Select(o => o.Id).SingleAsync();
        return new AccessibilityScenario(seeded.CaseId, galleryId, seeded.Candidates[2], applicant,
            mail.LatestLinkTo(InvitedEmail, "/invitations/accept"), mail.LatestLinkTo(ApplicantEmail, "/Account/ConfirmEmail"),
            await EnrolAdminAuthenticatorAsync(services), await ErasedCaseAsync(services, staff), await DeletionRequestAsync(services, staff),
            await CompletedEvaluationAsync(db));
    }

    /// <summary>A completed evaluation run with a small hand-made report (its photos would be gone by now anyway).</summary>
    private static async Task<Guid> CompletedEvaluationAsync(PortalDbContext db)
    {
        var overall = new global::Portal.Domain.Accuracy.ScoreSets([0.9, 0.8, 0.7, 0.3], [0.1, 0.2, 0.0, -0.1, 0.45, 0.05]);
        var report = new global::Portal.Infrastructure.Evaluations.EvaluationReport(0.40f, 1, 8, 1, [],
        [
            global::Portal.Infrastructure.Evaluations.EvaluationReport.Set(null, null, global::Portal.Domain.Accuracy.AccuracyFigures.Of(overall, 0.40), new global::Portal.Domain.Accuracy.PeopleCount(5, 3)),
            global::Portal.Infrastructure.Evaluations.EvaluationReport.Set("band", "a", global::Portal.Domain.Accuracy.AccuracyFigures.Of(overall, 0.40), new global::Portal.Domain.Accuracy.PeopleCount(5, 3)),
        ]);
        var now = DateTimeOffset.UtcNow;
        var run = new global::Portal.Domain.Evaluations.EvaluationRun
        {
            Name = "Accessibility set", UploadedBy = "admin", UploadedAt = now, State = global::Portal.Domain.Evaluations.EvaluationState.Completed,
            Photos = 8, Pairs = 10, Threshold = 0.40f, PipelineVersion = 1, ReportJson = report.ToJson(), CompletedAt = now, PhotosDeletedAt = now,
        };
        db.EvaluationRuns.Add(run);
        await db.SaveChangesAsync();
        return run.Id;
    }

    /// <summary>A subject's deletion request recorded by the organisation's admin, still waiting for a photo.</summary>
    private static async Task<Guid> DeletionRequestAsync(IServiceProvider services, global::Portal.Domain.Common.Actor admin)
    {
        var recorded = await services.GetRequiredService<global::Portal.Infrastructure.Lifecycle.Subjects.SubjectDeletionRequests>().RecordAsync(admin,
            new global::Portal.Infrastructure.Lifecycle.Subjects.NewSubjectRequest(SubjectRequestReach.Organisation, null, [], "The subject's guardian", "REQ-A11Y-1"));
        Assert.True(recorded.Succeeded, recorded.Error);
        return recorded.Value;
    }

    /// <summary>Once the applicant has confirmed their e-mail, the admin starts the review.</summary>
    public async Task StartReviewAsync(IServiceProvider services)
    {
        var admin = await ReviewScenario.ActorAsync(services, TestAccounts.AdminEmail);
        var changed = await services.GetRequiredService<OrganisationAdministration>()
            .ChangeStatusAsync(admin, Applicant, OrganisationStatus.UnderReview, "References requested and checked.");
        Assert.True(changed.Succeeded);
    }

    /// <summary>A second case erased as the schedule erases it, for its deletion certificate (workers are off: run here).</summary>
    private static async Task<Guid> ErasedCaseAsync(IServiceProvider services, Portal.Domain.Common.Actor staff)
    {
        var erased = await ReviewScenario.SearchedCaseAsync(services, staff, "TH-A11Y-ERASED", 2);
        await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var record = services.GetRequiredService<BiometricEraser>().Stage(db, new ErasureRecord
        {
            Cause = ErasureCause.Schedule, CauseReference = "ProbePhotos", OrganisationId = staff.OrganisationId!.Value, Scope = ErasureScope.Case,
            ScopeId = erased.CaseId, RequestedAt = DateTimeOffset.UtcNow, RequestedBy = ErasureAudit.Actor,
        });
        await db.SaveChangesAsync();
        Assert.NotNull((await services.GetRequiredService<BiometricEraser>().RunAsync(record.Id)).CompletedAt);
        return record.Id;
    }

    private static async Task<string> EnrolAdminAuthenticatorAsync(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var admin = (await users.FindByEmailAsync(TestAccounts.AdminEmail))!;
        await users.ResetAuthenticatorKeyAsync(admin);
        await users.SetTwoFactorEnabledAsync(admin, true);
        await users.GenerateNewTwoFactorRecoveryCodesAsync(admin, 10);
        return (await users.GetAuthenticatorKeyAsync(admin))!;
    }
}
