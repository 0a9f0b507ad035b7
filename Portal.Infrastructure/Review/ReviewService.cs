using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Cases;
using Portal.Domain.Common;
using Portal.Domain.Review;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Common;
using Portal.Infrastructure.Galleries;
using Portal.Infrastructure.Moratoria;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Review;

/// <summary>
/// Records review decisions under the two-person rule. The decision, the candidate's new state and the audit
/// entry commit in one transaction: there is no decision without its audit entry, and no entry without it.
/// Every rule is checked here, so calling this directly is held to exactly what the pages are.
/// </summary>
public sealed class ReviewService(
    IDbContextFactory<PortalDbContext> contextFactory,
    ReviewerCheck reviewers,
    MoratoriumGate gate,
    AuditLog auditLog,
    Notifier<ReviewsChanged> changes,
    TimeProvider timeProvider)
{
    public const string Withheld = "This candidate comes from a gallery whose owner is suspended; it is withheld until the owner is reinstated.";

    public async Task<Outcome<ReviewState>> DecideAsync(Actor actor, Guid candidateId, ReviewVerdict verdict, string? note,
        CancellationToken cancellationToken = default)
    {
        if (await reviewers.OrganisationOfReviewerAsync(actor, cancellationToken) is not { } organisationId)
            return await RefuseAsync(actor, candidateId, null, Outcome<ReviewState>.Forbidden("Only reviewers of an approved partner organisation review candidates."));
        if (await gate.RefusalAsync(actor, MoratoriumGate.Doors.Review, cancellationToken) is { } refused)
            return refused.As<ReviewState>();

        var (recorded, refusal) = await TryRecordAsync(actor, organisationId, candidateId, verdict, note, cancellationToken);
        // A refusal is audited after the decision's transaction is gone: it must not wait on its own write lock.
        return recorded ?? await RefuseAsync(actor, candidateId, organisationId, refusal!);
    }

    private async Task<(Outcome<ReviewState>? Recorded, Outcome<ReviewState>? Refusal)> TryRecordAsync(Actor actor, Guid organisationId, Guid candidateId,
        ReviewVerdict verdict, string? note, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var candidate = await db.Candidates.FirstOrDefaultAsync(c => c.Id == candidateId && c.OrganisationId == organisationId, cancellationToken);
        if (candidate is null)
            return (null, Outcome<ReviewState>.NotFound());
        // Under the decision's own write lock: a suspension of the gallery's owner that came after the page opened still holds.
        if (await GalleryAccess.Withheld(db, organisationId).ContainsAsync(candidate.GalleryId, cancellationToken))
            return (null, Outcome<ReviewState>.Blocked(Withheld));
        var submittedBy = await db.Cases.Where(c => c.Id == candidate.CaseId).Select(c => c.CreatedBy).FirstAsync(cancellationToken);
        var earlier = await db.ReviewDecisions.AsNoTracking().Where(d => d.CandidateId == candidateId).ToListAsync(cancellationToken);
        var from = candidate.ReviewState;
        var now = timeProvider.GetUtcNow();
        var transition = candidate.Review(earlier, new ReviewRequest(actor.UserId, submittedBy == actor.UserId, verdict, note), now);
        if (!transition.Succeeded)
            return (null, transition.As<ReviewState>());

        var (next, moved) = (candidate.ReviewState, transition.Value!);
        Record(db, candidate, moved, actor, verdict, note, now);
        await auditLog.AppendWithinAsync(db, actor.Name, AuditActions.ReviewDecided, $"candidate:{candidateId}",
            $"{verdict} ({Describe(moved)}) on case:{candidate.CaseId}; {from} → {next}{Escalation(next)}; note: {Clean(note)}",
            organisationId, cancellationToken);
        return (await CommitAsync(db, transaction, next, organisationId, cancellationToken), null);
    }

    /// <summary>A platform admin settles a disputed candidate, with a note. A refusal is audited like a reviewer's.</summary>
    public async Task<Outcome<ReviewState>> SettleAsync(Actor admin, Guid candidateId, ReviewVerdict verdict, string? note,
        CancellationToken cancellationToken = default)
    {
        if (AdminGuard.Refusal(admin, "settle disputed candidates") is { } notAdmin)
            return await RefuseAsync(admin, candidateId, null, Outcome<ReviewState>.Forbidden(notAdmin));
        var (settled, refusal) = await TrySettleAsync(admin, candidateId, verdict, note, cancellationToken);
        return settled ?? await RefuseAsync(admin, candidateId, null, refusal!);
    }

    private async Task<(Outcome<ReviewState>? Settled, Outcome<ReviewState>? Refusal)> TrySettleAsync(Actor admin, Guid candidateId, ReviewVerdict verdict,
        string? note, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var candidate = await db.Candidates.FirstOrDefaultAsync(c => c.Id == candidateId, cancellationToken);
        if (candidate is null)
            return (null, Outcome<ReviewState>.NotFound());
        var submittedBy = await db.Cases.Where(c => c.Id == candidate.CaseId).Select(c => c.CreatedBy).FirstAsync(cancellationToken);
        var earlier = await db.ReviewDecisions.AsNoTracking().Where(d => d.CandidateId == candidateId).ToListAsync(cancellationToken);
        if (TwoPersonRule.SettleConflict(earlier, admin.UserId, submittedBy == admin.UserId) is { } conflict)
            return (null, Outcome<ReviewState>.Forbidden(conflict));
        var now = timeProvider.GetUtcNow();
        var transition = candidate.Settle(verdict, note, now);
        if (!transition.Succeeded)
            return (null, transition.As<ReviewState>());

        var next = candidate.ReviewState;
        Record(db, candidate, transition.Value!, admin, verdict, note, now);
        await auditLog.AppendWithinAsync(db, admin.Name, AuditActions.ReviewSettled, $"candidate:{candidateId}",
            $"disputed candidate settled: {verdict} on case:{candidate.CaseId}; Disputed → {next}; note: {Clean(note)}",
            candidate.OrganisationId, cancellationToken);
        return (await CommitAsync(db, transaction, next, candidate.OrganisationId, cancellationToken), null);
    }

    /// <summary>The decision behind a move the candidate has just made, kept for good.</summary>
    private static void Record(PortalDbContext db, Candidate candidate, ReviewTransition transition, Actor actor, ReviewVerdict verdict, string? note,
        DateTimeOffset now) =>
        db.ReviewDecisions.Add(new ReviewDecision
        {
            CandidateId = candidate.Id, OrganisationId = candidate.OrganisationId, ReviewerId = actor.UserId, ReviewerName = actor.Name,
            Verdict = verdict, Stage = transition.Stage, Counted = transition.Counted, Note = Clean(note), DecidedAt = now,
        });

    private async Task<Outcome<ReviewState>> CommitAsync(PortalDbContext db, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction,
        ReviewState next, Guid organisationId, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another process decided the same candidate between our read and our write (a database without a
            // write lock at BEGIN); nothing of ours was kept.
            return Outcome<ReviewState>.Conflict("Someone else decided this candidate a moment ago; it has moved on. Open the next one.");
        }
        await changes.PublishAsync(new ReviewsChanged(organisationId));
        return Outcome<ReviewState>.Ok(next);
    }

    private async Task<Outcome<ReviewState>> RefuseAsync(Actor actor, Guid candidateId, Guid? organisationId, Outcome<ReviewState> refusal)
    {
        await auditLog.RecordAsync(actor.Name, AuditActions.ReviewRefused, $"candidate:{candidateId}", refusal.Error!, organisationId);
        return refusal;
    }

    private static string Describe(ReviewTransition transition) => transition switch
    {
        { Counted: false } => "not counted: open for another reviewer",
        { Stage: ReviewStage.First } => "first review",
        _ => "second review",
    };

    private static string Escalation(ReviewState next) =>
        next == ReviewState.Disputed ? " (the reviews differ: escalated to platform admins)" : "";

    private static string Clean(string? note) => note?.Trim() ?? "";
}
