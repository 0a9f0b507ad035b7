using Portal.Domain.Cases;
using Portal.Domain.Common;

namespace Portal.Tests.Domain;

public sealed class CaseClosureTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);

    private static SearchCase Case() => new() { Reference = "C-1", CreatedBy = "staff" };

    [Fact]
    public void ClosingRecordsTheOutcomeNoteWhoAndWhen()
    {
        var searchCase = Case();

        var outcome = CaseClosure.Close(searchCase, CaseOutcome.Reunited, "  with her aunt  ", "user-1", Now);

        Assert.True(outcome.Succeeded);
        Assert.Equal((Now, CaseOutcome.Reunited, "with her aunt", "user-1"),
            (searchCase.ClosedAt, searchCase.Outcome, searchCase.ClosureNote, searchCase.ClosedBy));
    }

    [Fact]
    public void AKnownOutcomeNeedsNoNote()
    {
        Assert.True(CaseClosure.Close(Case(), CaseOutcome.Found, null, "user-1", Now).Succeeded);
    }

    [Fact]
    public void OtherNeedsANote()
    {
        var searchCase = Case();

        var outcome = CaseClosure.Close(searchCase, CaseOutcome.Other, "   ", "user-1", Now);

        Assert.Equal(OutcomeKind.Invalid, outcome.Kind);
        Assert.Null(searchCase.ClosedAt);
    }

    [Fact]
    public void ANoteLongerThanTheLimitIsRefused()
    {
        var outcome = CaseClosure.Close(Case(), CaseOutcome.Found, new string('x', CaseClosure.MaxNoteLength + 1), "user-1", Now);

        Assert.Equal(OutcomeKind.Invalid, outcome.Kind);
    }

    [Fact]
    public void AnUndefinedOutcomeIsRefused()
    {
        Assert.Equal(OutcomeKind.Invalid, CaseClosure.Check(Case(), (CaseOutcome)99, "note").Kind);
    }

    [Fact]
    public void AClosedCaseCannotBeClosedAgain()
    {
        var searchCase = Case();
        CaseClosure.Close(searchCase, CaseOutcome.Found, null, "user-1", Now);

        var again = CaseClosure.Close(searchCase, CaseOutcome.Withdrawn, null, "user-2", Now.AddDays(1));

        Assert.Equal(OutcomeKind.Conflict, again.Kind);
        Assert.Equal((Now, CaseOutcome.Found, "user-1"), (searchCase.ClosedAt, searchCase.Outcome, searchCase.ClosedBy));
    }

    [Fact]
    public void ACaseInTheTrashCannotBeClosed()
    {
        var searchCase = Case();
        searchCase.TrashedAt = Now;

        Assert.Equal(OutcomeKind.Conflict, CaseClosure.Check(searchCase, CaseOutcome.Found, null).Kind);
    }
}
