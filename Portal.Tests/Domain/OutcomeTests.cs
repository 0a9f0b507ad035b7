using Portal.Domain.Common;

namespace Portal.Tests.Domain;

public sealed class OutcomeTests
{
    public static TheoryData<Outcome, OutcomeKind> Refusals => new()
    {
        { Outcome.NotFound(), OutcomeKind.NotFound },
        { Outcome.Forbidden("Only platform admins do this."), OutcomeKind.Forbidden },
        { Outcome.Blocked("Refused: blocked by a moratorium."), OutcomeKind.Blocked },
        { Outcome.Invalid("Give a reason."), OutcomeKind.Invalid },
        { Outcome.Conflict("Already decided."), OutcomeKind.Conflict },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void EachFactorySaysItsKindAndIsNotDone(Outcome refused, OutcomeKind kind)
    {
        Assert.Equal(kind, refused.Kind);
        Assert.False(refused.Succeeded);
        Assert.False(string.IsNullOrWhiteSpace(refused.Error));
    }

    [Fact]
    public void OnlyADoneOutcomeSucceedsAndItCarriesNoMessage()
    {
        Assert.True(Outcome.Ok.Succeeded);
        Assert.Equal((OutcomeKind.Done, null), (Outcome.Ok.Kind, Outcome.Ok.Error));
        var done = Outcome<int>.Ok(7);
        Assert.Equal((true, OutcomeKind.Done, 7), (done.Succeeded, done.Kind, done.Value));
    }

    [Fact]
    public void NotFoundSaysTheOneDefaultSentenceUnlessGivenAnother()
    {
        Assert.Equal("Not found.", Outcome.NotFound().Error);
        Assert.Equal(Outcome.NotFoundMessage, Outcome<int>.NotFound().Error);
        Assert.Equal("That moratorium does not exist.", Outcome.NotFound("That moratorium does not exist.").Error);
    }

    [Fact]
    public void ARefusalKeepsItsKindAndMessageAcrossValueTypes()
    {
        var blocked = Outcome<string>.Blocked("Refused: suspended.").As<int>();

        Assert.Equal((OutcomeKind.Blocked, "Refused: suspended.", 0), (blocked.Kind, blocked.Error, blocked.Value));
        Assert.Equal(Outcome.Conflict("moved on"), Outcome<int>.Conflict("moved on").WithoutValue());
    }

    [Fact]
    public void ADoneOutcomeCannotPassForARefusalOfAnotherType() =>
        Assert.Throws<InvalidOperationException>(() => Outcome.Ok.As<int>());
}
