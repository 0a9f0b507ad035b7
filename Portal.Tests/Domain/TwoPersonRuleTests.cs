using Portal.Domain.Review;

namespace Portal.Tests.Domain;

public sealed class TwoPersonRuleTests
{
    private static ReviewDecision Decision(string reviewer, ReviewVerdict verdict, ReviewStage stage, bool counted = true) =>
        new() { ReviewerId = reviewer, ReviewerName = reviewer, Verdict = verdict, Stage = stage, Counted = counted, Note = "n" };

    private static ReviewRequest Request(string reviewer, ReviewVerdict verdict, string? note = "compared ears and hairline") =>
        new(reviewer, SubmittedTheCase: false, verdict, note);

    public static TheoryData<ReviewVerdict, ReviewVerdict, ReviewState> SecondDecisions => new()
    {
        { ReviewVerdict.Confirm, ReviewVerdict.Confirm, ReviewState.Confirmed },
        { ReviewVerdict.Reject, ReviewVerdict.Reject, ReviewState.Rejected },
        { ReviewVerdict.Confirm, ReviewVerdict.Reject, ReviewState.Disputed },
        { ReviewVerdict.Reject, ReviewVerdict.Confirm, ReviewState.Disputed },
    };

    [Theory]
    [InlineData(ReviewVerdict.Confirm)]
    [InlineData(ReviewVerdict.Reject)]
    public void AFirstConfirmOrRejectWaitsForASecondReview(ReviewVerdict verdict)
    {
        var outcome = TwoPersonRule.Review(ReviewState.Pending, [], Request("a", verdict));

        Assert.Equal(new ReviewTransition(ReviewState.PendingSecondReview, ReviewStage.First, true), outcome.Value);
    }

    [Theory]
    [MemberData(nameof(SecondDecisions))]
    public void TheSecondDecisionClosesOrDisputesTheCandidate(ReviewVerdict first, ReviewVerdict second, ReviewState expected)
    {
        var outcome = TwoPersonRule.Review(ReviewState.PendingSecondReview, [Decision("a", first, ReviewStage.First)], Request("b", second));

        Assert.Equal(new ReviewTransition(expected, ReviewStage.Second, true), outcome.Value);
    }

    [Theory]
    [InlineData(ReviewState.Pending, ReviewStage.First)]
    [InlineData(ReviewState.PendingSecondReview, ReviewStage.Second)]
    public void AnInconclusiveLookMovesNothingAndIsNotCounted(ReviewState state, ReviewStage stage)
    {
        var earlier = state == ReviewState.Pending ? [] : new[] { Decision("a", ReviewVerdict.Confirm, ReviewStage.First) };

        var outcome = TwoPersonRule.Review(state, earlier, Request("b", ReviewVerdict.Inconclusive, note: null));

        Assert.Equal(new ReviewTransition(state, stage, Counted: false), outcome.Value);
    }

    [Fact]
    public void AfterAnInconclusiveLookAnotherReviewerStillMakesTheFirstDecision()
    {
        var earlier = new[] { Decision("a", ReviewVerdict.Inconclusive, ReviewStage.First, counted: false) };

        var outcome = TwoPersonRule.Review(ReviewState.Pending, earlier, Request("b", ReviewVerdict.Reject));

        Assert.Equal(ReviewState.PendingSecondReview, outcome.Value!.NextState);
    }

    [Fact]
    public void TheSameReviewerCannotDecideTwiceEvenAfterAnInconclusiveLook()
    {
        var afterFirst = TwoPersonRule.Review(ReviewState.PendingSecondReview, [Decision("a", ReviewVerdict.Confirm, ReviewStage.First)],
            Request("a", ReviewVerdict.Confirm));
        var afterInconclusive = TwoPersonRule.Review(ReviewState.Pending, [Decision("a", ReviewVerdict.Inconclusive, ReviewStage.First, false)],
            Request("a", ReviewVerdict.Confirm));

        Assert.Equal("You have already reviewed this candidate; it needs another reviewer.", afterFirst.Error);
        Assert.Equal(afterFirst.Error, afterInconclusive.Error);
    }

    [Theory]
    [InlineData(ReviewState.Pending)]
    [InlineData(ReviewState.PendingSecondReview)]
    public void TheSubmitterOfTheCaseIsRefused(ReviewState state)
    {
        var outcome = TwoPersonRule.Review(state, [], new ReviewRequest("a", SubmittedTheCase: true, ReviewVerdict.Inconclusive, null));

        Assert.False(outcome.Succeeded);
        Assert.Contains("You submitted this case", outcome.Error);
    }

    [Theory]
    [InlineData(ReviewState.Confirmed)]
    [InlineData(ReviewState.Rejected)]
    [InlineData(ReviewState.Disputed)]
    public void AClosedOrDisputedCandidateTakesNoReviewerDecision(ReviewState state)
    {
        foreach (var verdict in Enum.GetValues<ReviewVerdict>())
            Assert.False(TwoPersonRule.Review(state, [], Request("c", verdict)).Succeeded);
        Assert.Contains("platform admin", TwoPersonRule.Review(ReviewState.Disputed, [], Request("c", ReviewVerdict.Confirm)).Error);
    }

    [Theory]
    [InlineData(ReviewVerdict.Confirm, null)]
    [InlineData(ReviewVerdict.Confirm, "   ")]
    [InlineData(ReviewVerdict.Reject, "")]
    public void ConfirmingOrRejectingNeedsANote(ReviewVerdict verdict, string? note)
    {
        var outcome = TwoPersonRule.Review(ReviewState.Pending, [], Request("a", verdict, note));

        Assert.StartsWith("A note is required to", outcome.Error);
    }

    [Fact]
    public void ANoteOverTheLimitIsRefused()
    {
        var outcome = TwoPersonRule.Review(ReviewState.Pending, [], Request("a", ReviewVerdict.Inconclusive, new string('x', TwoPersonRule.MaxNoteLength + 1)));

        Assert.Equal("Keep the note under 2000 characters.", outcome.Error);
    }

    [Theory]
    [InlineData(ReviewVerdict.Confirm, ReviewState.Confirmed)]
    [InlineData(ReviewVerdict.Reject, ReviewState.Rejected)]
    public void AnAdminSettlesADisputeWithANote(ReviewVerdict verdict, ReviewState expected)
    {
        var outcome = TwoPersonRule.Settle(ReviewState.Disputed, verdict, "the scar under the left eye differs");

        Assert.Equal(new ReviewTransition(expected, ReviewStage.Admin, true), outcome.Value);
    }

    [Theory]
    [InlineData(ReviewState.Pending)]
    [InlineData(ReviewState.PendingSecondReview)]
    [InlineData(ReviewState.Confirmed)]
    [InlineData(ReviewState.Rejected)]
    public void OnlyADisputedCandidateIsSettled(ReviewState state)
    {
        Assert.Equal("Only a disputed candidate is decided by a platform admin.", TwoPersonRule.Settle(state, ReviewVerdict.Confirm, "note").Error);
    }

    [Fact]
    public void SettlingNeedsAVerdictAndANote()
    {
        Assert.Equal("A disputed candidate needs a decision: confirm or reject.", TwoPersonRule.Settle(ReviewState.Disputed, ReviewVerdict.Inconclusive, "note").Error);
        Assert.StartsWith("A note is required to reject", TwoPersonRule.Settle(ReviewState.Disputed, ReviewVerdict.Reject, " ").Error);
    }

    [Fact]
    public void OpenAndFinalStatesAreTheOnesTheRuleNames()
    {
        Assert.Equal([ReviewState.Pending, ReviewState.PendingSecondReview], Enum.GetValues<ReviewState>().Where(TwoPersonRule.IsOpen));
        Assert.Equal([ReviewState.Confirmed, ReviewState.Rejected], Enum.GetValues<ReviewState>().Where(TwoPersonRule.IsFinal));
    }
}
