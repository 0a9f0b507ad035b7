using Portal.Domain.Cases;
using Portal.Domain.Common;
using Portal.Domain.Moratoria;
using Portal.Domain.Organisations;
using Portal.Domain.Review;

namespace Portal.Tests.Domain;

public sealed class DefinedValuesTests
{
    [Theory]
    [InlineData("Strong", CandidateBand.Strong)]
    [InlineData("strong", CandidateBand.Strong)]
    [InlineData(" Possible ", CandidateBand.Possible)]
    public void ReadsABandByItsName(string text, CandidateBand expected) =>
        Assert.Equal(expected, DefinedValues.ParseName<CandidateBand>(text));

    [Theory]
    [InlineData("99")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("Strong,Possible")]
    [InlineData("NoSuchBand")]
    [InlineData("")]
    [InlineData(null)]
    public void ANumberACombinationOrAnUnknownNameIsNoBand(string? text) =>
        Assert.Null(DefinedValues.ParseName<CandidateBand>(text));

    [Fact]
    public void AnUndefinedSectorIsNotDefined()
    {
        Assert.True(DefinedValues.IsDefined(Sector.LawEnforcement));
        Assert.False(DefinedValues.IsDefined((Sector)99));
        Assert.False(DefinedValues.IsDefined((Sector)(-1)));
    }

    [Fact]
    public void APurposeCombinationIsDefinedOnlyWhenEveryBitIsANamedPurpose()
    {
        Assert.True(DefinedValues.IsDefinedCombination(Purpose.MissingChild | Purpose.UnidentifiedDeceased));
        Assert.False(DefinedValues.IsDefinedCombination(Purpose.MissingChild | (Purpose)64));
        Assert.False(DefinedValues.IsDefinedCombination((Purpose)(-1)));
    }

    [Fact]
    public void AnOrganisationCannotMoveToAnUndefinedStatusOrBeGrantedAnUndefinedPurpose()
    {
        var organisation = new Organisation { Name = "Test", RequestedPurposes = Purpose.MissingChild };
        organisation.Start(OrganisationStatus.Applied, "applicant", "applied", DateTimeOffset.UnixEpoch);

        Assert.False(organisation.ChangeStatus((OrganisationStatus)99, "admin", "because", DateTimeOffset.UnixEpoch).Succeeded);
        Assert.False(organisation.Approve(Purpose.MissingChild | (Purpose)128, "admin", "because", DateTimeOffset.UnixEpoch).Succeeded);
        Assert.Equal(OrganisationStatus.Applied, organisation.Status);
        Assert.Equal(Purpose.None, organisation.GrantedPurposes);
    }

    [Fact]
    public void AReviewWithAnUndefinedVerdictIsRefusedAndRecordsNothing()
    {
        var outcome = TwoPersonRule.Review(ReviewState.Pending, [], new ReviewRequest("reviewer", false, (ReviewVerdict)99, "looked closely"));
        var settled = TwoPersonRule.Settle(ReviewState.Disputed, (ReviewVerdict)99, "looked closely");

        Assert.False(outcome.Succeeded);
        Assert.Equal("Choose confirm, reject or inconclusive.", outcome.Error);
        Assert.False(settled.Succeeded);
    }

    [Fact]
    public void AMoratoriumOnAnUndefinedSectorIsAProblem()
    {
        var draft = new MoratoriumDraft("Block", [Sector.LawEnforcement, (Sector)42], [], DateTimeOffset.UnixEpoch, null, "Statement");

        Assert.Contains("Choose sectors from the list.", draft.Problems());
    }
}
