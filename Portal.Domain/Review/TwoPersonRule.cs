using Portal.Domain.Common;

namespace Portal.Domain.Review;

/// <summary>Someone asking to record a decision, as the rule needs to know them.</summary>
/// <param name="ReviewerId">The user deciding.</param>
/// <param name="SubmittedTheCase">True when this user submitted the case the candidate came from.</param>
public sealed record ReviewRequest(string ReviewerId, bool SubmittedTheCase, ReviewVerdict Verdict, string? Note);

/// <summary>What a decision does: the candidate's next state, and how the decision is recorded.</summary>
public sealed record ReviewTransition(ReviewState NextState, ReviewStage Stage, bool Counted);

/// <summary>
/// The two-person rule. Pending → (a first confirm or reject) → PendingSecondReview → Confirmed (both
/// confirmed) | Rejected (both rejected) | Disputed (they differ) → a platform admin decides, with a note.
/// An inconclusive look moves nothing. Nobody reviews a candidate of a case they submitted, nor reviews the
/// same candidate twice; so the second decision is always another person's.
/// </summary>
public static class TwoPersonRule
{
    public const int MaxNoteLength = 2000;

    public static bool IsOpen(ReviewState state) => state is ReviewState.Pending or ReviewState.PendingSecondReview;

    public static bool IsFinal(ReviewState state) => state is ReviewState.Confirmed or ReviewState.Rejected;

    /// <summary>A reviewer's decision, given the candidate's state and the decisions already recorded on it.</summary>
    public static Outcome<ReviewTransition> Review(ReviewState state, IReadOnlyCollection<ReviewDecision> earlier, ReviewRequest request)
    {
        if (NoteProblem(request.Verdict, request.Note) is { } problem)
            return Outcome<ReviewTransition>.Invalid(problem);
        if (WhyNot(state, earlier, request.ReviewerId, request.SubmittedTheCase) is { } whyNot)
            // Submitting the case is who the reviewer is; anything else is the candidate having moved on.
            return request.SubmittedTheCase ? Outcome<ReviewTransition>.Forbidden(whyNot) : Outcome<ReviewTransition>.Conflict(whyNot);

        if (request.Verdict == ReviewVerdict.Inconclusive)
            return Outcome<ReviewTransition>.Ok(new ReviewTransition(state, StageOf(state), Counted: false));
        if (state == ReviewState.Pending)
            return Outcome<ReviewTransition>.Ok(new ReviewTransition(ReviewState.PendingSecondReview, ReviewStage.First, Counted: true));

        var first = earlier.SingleOrDefault(d => d.Counted && d.Stage == ReviewStage.First)
            ?? throw new InvalidOperationException("A candidate awaiting its second review has no counted first decision.");
        var next = (first.Verdict, request.Verdict) switch
        {
            (ReviewVerdict.Confirm, ReviewVerdict.Confirm) => ReviewState.Confirmed,
            (ReviewVerdict.Reject, ReviewVerdict.Reject) => ReviewState.Rejected,
            _ => ReviewState.Disputed,
        };
        return Outcome<ReviewTransition>.Ok(new ReviewTransition(next, ReviewStage.Second, Counted: true));
    }

    /// <summary>Why this person may not review the candidate now, or null when they may (the review screen asks before showing it).</summary>
    public static string? WhyNot(ReviewState state, IReadOnlyCollection<ReviewDecision> earlier, string reviewerId, bool submittedTheCase)
    {
        if (submittedTheCase)
            return "You submitted this case, so its candidates must be reviewed by someone else.";
        if (!IsOpen(state))
            return state == ReviewState.Disputed
                ? "The two reviews of this candidate differ; a platform admin decides it now."
                : "This candidate has already been decided by two reviewers.";
        return earlier.Any(d => d.ReviewerId == reviewerId) ? "You have already reviewed this candidate; it needs another reviewer." : null;
    }

    /// <summary>A platform admin settles a disputed candidate: confirm or reject, always with a note.</summary>
    public static Outcome<ReviewTransition> Settle(ReviewState state, ReviewVerdict verdict, string? note)
    {
        if (state != ReviewState.Disputed)
            return Outcome<ReviewTransition>.Conflict("Only a disputed candidate is decided by a platform admin.");
        if (verdict == ReviewVerdict.Inconclusive)
            return Outcome<ReviewTransition>.Invalid("A disputed candidate needs a decision: confirm or reject.");
        if (NoteProblem(verdict, note) is { } problem)
            return Outcome<ReviewTransition>.Invalid(problem);
        var next = verdict == ReviewVerdict.Confirm ? ReviewState.Confirmed : ReviewState.Rejected;
        return Outcome<ReviewTransition>.Ok(new ReviewTransition(next, ReviewStage.Admin, Counted: true));
    }

    /// <summary>
    /// Why this admin may not settle the dispute, or null: whoever decided the candidate (first or second review, or
    /// an uncounted look) or submitted its case is a party to it, and another admin settles it.
    /// </summary>
    public static string? SettleConflict(IReadOnlyCollection<ReviewDecision> earlier, string adminId, bool submittedTheCase) =>
        submittedTheCase ? "You submitted this case, so another platform admin settles its disputes."
        : earlier.Any(d => d.ReviewerId == adminId) ? "You decided this candidate, so another platform admin settles the dispute."
        : null;

    /// <summary>Confirming and rejecting need a note (what was compared, why); an inconclusive look may have one.</summary>
    public static string? NoteProblem(ReviewVerdict verdict, string? note)
    {
        if (!DefinedValues.IsDefined(verdict))
            return "Choose confirm, reject or inconclusive.";
        var text = note?.Trim() ?? "";
        if (verdict != ReviewVerdict.Inconclusive && text.Length == 0)
            return $"A note is required to {(verdict == ReviewVerdict.Confirm ? "confirm" : "reject")}: say what you compared and why.";
        return text.Length > MaxNoteLength ? $"Keep the note under {MaxNoteLength} characters." : null;
    }

    private static ReviewStage StageOf(ReviewState state) =>
        state == ReviewState.Pending ? ReviewStage.First : ReviewStage.Second;
}
