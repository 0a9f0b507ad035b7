using Portal.Domain.Cases;
using Portal.Domain.Review;

namespace Portal.Tests.Domain;

/// <summary>The candidate moves its own review state, and only through the two-person rule.</summary>
public sealed class CandidateReviewTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AFirstConfirmMovesTheCandidateToItsSecondReviewWithoutClosingIt()
    {
        var candidate = new Candidate();

        var outcome = candidate.Review([], Request("a", ReviewVerdict.Confirm), Now);

        Assert.True(outcome.Succeeded);
        Assert.Equal(ReviewState.PendingSecondReview, candidate.ReviewState);
        Assert.Equal(1, candidate.ReviewVersion);
        Assert.Null(candidate.ClosedAt);
    }

    [Fact]
    public void TwoConfirmsCloseTheCandidateAtTheMomentOfTheSecond()
    {
        var candidate = new Candidate();
        candidate.Review([], Request("a", ReviewVerdict.Confirm), Now);

        candidate.Review([Decision("a", ReviewVerdict.Confirm)], Request("b", ReviewVerdict.Confirm), Now.AddHours(1));

        Assert.Equal(ReviewState.Confirmed, candidate.ReviewState);
        Assert.Equal(2, candidate.ReviewVersion);
        Assert.Equal(Now.AddHours(1), candidate.ClosedAt);
    }

    [Fact]
    public void ARefusedDecisionLeavesTheCandidateAsItWas()
    {
        var candidate = new Candidate();

        var outcome = candidate.Review([], new ReviewRequest("a", SubmittedTheCase: true, ReviewVerdict.Confirm, "note"), Now);

        Assert.False(outcome.Succeeded);
        Assert.Equal((ReviewState.Pending, 0, (DateTimeOffset?)null), (candidate.ReviewState, candidate.ReviewVersion, candidate.ClosedAt));
    }

    [Fact]
    public void AnInconclusiveLookBumpsTheVersionButMovesNothing()
    {
        var candidate = new Candidate();

        candidate.Review([], Request("a", ReviewVerdict.Inconclusive), Now);

        Assert.Equal((ReviewState.Pending, 1), (candidate.ReviewState, candidate.ReviewVersion));
    }

    [Fact]
    public void AnAdminSettlesADisputeAndClosesTheCandidateButCannotSettleAnOpenOne()
    {
        var open = new Candidate();
        var disputed = new Candidate();
        disputed.Review([], Request("a", ReviewVerdict.Confirm), Now);
        disputed.Review([Decision("a", ReviewVerdict.Confirm)], Request("b", ReviewVerdict.Reject), Now);

        Assert.False(open.Settle(ReviewVerdict.Reject, "different ears", Now).Succeeded);
        Assert.Equal(ReviewState.Pending, open.ReviewState);
        Assert.Equal(ReviewState.Disputed, disputed.ReviewState);
        Assert.Null(disputed.ClosedAt);
        Assert.True(disputed.Settle(ReviewVerdict.Reject, "different ears", Now.AddDays(1)).Succeeded);
        Assert.Equal((ReviewState.Rejected, 3, Now.AddDays(1)), (disputed.ReviewState, disputed.ReviewVersion, disputed.ClosedAt!.Value));
    }

    private static ReviewRequest Request(string reviewer, ReviewVerdict verdict) =>
        new(reviewer, SubmittedTheCase: false, verdict, "compared ears and hairline");

    private static ReviewDecision Decision(string reviewer, ReviewVerdict verdict) =>
        new() { ReviewerId = reviewer, ReviewerName = reviewer, Verdict = verdict, Stage = ReviewStage.First, Counted = true, Note = "n" };
}
