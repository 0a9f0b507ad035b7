using Portal.Domain.Lifecycle;

namespace Portal.Tests.Domain;

public sealed class HoldCoverageTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid Thorn = Guid.NewGuid(), Icmec = Guid.NewGuid();
    private static readonly Guid ThornCase = Guid.NewGuid(), OtherThornCase = Guid.NewGuid();
    private static readonly Guid ThornGallery = Guid.NewGuid();

    private static LegalHold Hold(HoldScope scope, Guid target, Guid organisation, bool confirmed = true, bool released = false) => new()
    {
        Scope = scope, TargetId = target, OrganisationId = organisation, Reason = "proceedings", Reference = "Order 1",
        ReviewDate = Now.AddDays(30), PlacedBy = "admin-1", PlacedAt = Now,
        ConfirmedBy = confirmed ? "admin-2" : null, ConfirmedAt = confirmed ? Now : null,
        ReleaseConfirmedBy = released ? "admin-1" : null, ReleasedAt = released ? Now : null,
    };

    [Fact]
    public void ACaseIsKeptByAHoldOnItselfAndNotByAHoldOnAnotherCase()
    {
        var onCase = Hold(HoldScope.Case, ThornCase, Thorn);

        Assert.Equal([onCase], HoldCoverage.ForCase([onCase], ThornCase, Thorn));
        Assert.False(HoldCoverage.IsCaseHeld([onCase], OtherThornCase, Thorn));
    }

    [Fact]
    public void AHoldOnAnOrganisationKeepsEveryCaseAndGalleryOfItAndNothingOfAnother()
    {
        var onThorn = Hold(HoldScope.Organisation, Thorn, Thorn);

        Assert.True(HoldCoverage.IsCaseHeld([onThorn], OtherThornCase, Thorn));
        Assert.True(HoldCoverage.IsGalleryHeld([onThorn], ThornGallery, Thorn));
        Assert.Equal([onThorn], HoldCoverage.ForOrganisation([onThorn], Thorn));
        Assert.False(HoldCoverage.IsCaseHeld([onThorn], Guid.NewGuid(), Icmec));
        Assert.Empty(HoldCoverage.ForOrganisation([onThorn], Icmec));
    }

    [Fact]
    public void AGalleryHoldKeepsTheGalleryButNotACaseWithTheSameId()
    {
        var onGallery = Hold(HoldScope.Gallery, ThornGallery, Thorn);

        Assert.True(HoldCoverage.IsGalleryHeld([onGallery], ThornGallery, Thorn));
        Assert.False(HoldCoverage.IsCaseHeld([onGallery], ThornGallery, Thorn));
        // A hold on one of its galleries does not hold the whole organisation.
        Assert.Empty(HoldCoverage.ForOrganisation([onGallery], Thorn));
    }

    [Fact]
    public void PendingAndReleasedHoldsKeepNothing()
    {
        var pending = Hold(HoldScope.Case, ThornCase, Thorn, confirmed: false);
        var released = Hold(HoldScope.Organisation, Thorn, Thorn, released: true);

        Assert.False(HoldCoverage.IsCaseHeld([pending, released], ThornCase, Thorn));
        Assert.False(HoldCoverage.IsGalleryHeld([released], ThornGallery, Thorn));
    }

    [Fact]
    public void EveryHoldThatCoversACaseIsListed()
    {
        var onCase = Hold(HoldScope.Case, ThornCase, Thorn);
        var onThorn = Hold(HoldScope.Organisation, Thorn, Thorn);
        var elsewhere = Hold(HoldScope.Organisation, Icmec, Icmec);

        Assert.Equal([onCase, onThorn], HoldCoverage.ForCase([onCase, onThorn, elsewhere], ThornCase, Thorn));
    }
}
