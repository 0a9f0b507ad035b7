using Bunit;
using Portal.Domain.Cases;
using Portal.Domain.Review;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Review;
using Portal.Tests.Support;
using Portal.Web.Components.Cases;

namespace Portal.Tests.Web.Components;

/// <summary>
/// A probe face's results name the probe photo, give faces text alternatives by role, say how many candidates are
/// withheld, and never call a face with withheld candidates empty.
/// </summary>
public sealed class ProbeFaceResultsTests : PortalComponentTest
{
    [Fact]
    public void SaysHowManyCandidatesAreWithheldBesideTheVisibleOnes()
    {
        var candidate = new CandidateView(Guid.NewGuid(), 1, 0.71f, CandidateBand.Strong, Guid.NewGuid(), "Own intake", "photo1.jpg", Guid.NewGuid(),
            new CandidateReview(ReviewState.Pending, []));

        var results = Render<ProbeFaceResults>(p => p.Add(c => c.Face, Face([candidate], withheld: 2)).Add(c => c.Threshold, 0.4f));

        Assert.Single(results.FindAll("[data-testid=candidate]"));
        Assert.Equal("2 candidates from a gallery whose owner is suspended are withheld until it is reinstated.",
            results.Find("[data-testid=withheld-candidates]").TextContent.Trim());
    }

    [Fact]
    public void AFaceWhoseOnlyCandidateIsWithheldIsNotShownAsHavingNoCandidate()
    {
        var results = Render<ProbeFaceResults>(p => p.Add(c => c.Face, Face([], withheld: 1)).Add(c => c.Threshold, 0.4f));

        Assert.Empty(results.FindAll("[data-testid=no-candidate]"));
        Assert.Equal("1 candidate from a gallery whose owner is suspended is withheld until it is reinstated.",
            results.Find("[data-testid=withheld-candidates]").TextContent.Trim());
    }

    [Fact]
    public void AFaceWithNothingWithheldSaysNothingAboutIt()
    {
        var results = Render<ProbeFaceResults>(p => p.Add(c => c.Face, Face([], withheld: 0)).Add(c => c.Threshold, 0.4f));

        Assert.Single(results.FindAll("[data-testid=no-candidate]"));
        Assert.Empty(results.FindAll("[data-testid=withheld-candidates]"));
    }

    /// <summary>Issue 13, confusion 5: each result panel names its probe photo, so one probe's "no candidate" is not read as another's.</summary>
    [Fact]
    public void APanelNamesItsFaceAndItsProbePhoto()
    {
        var results = Render<ProbeFaceResults>(p => p.Add(c => c.Face, Face([], withheld: 0, ordinal: 1)).Add(c => c.Threshold, 0.4f));

        Assert.Equal("Probe face 2 in photo-of-anna.jpg", results.Find("[data-testid=probe-face-name]").TextContent.Trim());
        Assert.Single(results.FindAll("[data-testid=no-candidate]"));
    }

    /// <summary>Issue 13: face images name their role and source, never the person (nor a gallery photo's file name, which may).</summary>
    [Fact]
    public void TheProbeFaceIsNamedByItsPhotoAndEachCandidateByItsGalleryNotItsFileName()
    {
        var candidate = new CandidateView(Guid.NewGuid(), 1, 0.71f, CandidateBand.Strong, Guid.NewGuid(), "Shelter intake", "maria_lopez.jpg", Guid.NewGuid(),
            new CandidateReview(ReviewState.Pending, []));

        var results = Render<ProbeFaceResults>(p => p.Add(c => c.Face, Face([candidate], withheld: 0, ordinal: 1)).Add(c => c.Threshold, 0.4f));

        var alts = results.FindAll("img").Select(img => img.GetAttribute("alt")).ToList();
        Assert.Equal(["Probe face 2 from photo-of-anna.jpg", "Candidate face from gallery Shelter intake"], alts);
    }

    [Fact]
    public void AFaceWhoseCandidatesPhotosWereDeletedSaysSoInsteadOfNoCandidate()
    {
        var results = Render<ProbeFaceResults>(p => p.Add(c => c.Face, Face([], withheld: 0) with { DeletedCandidates = 3 }).Add(c => c.Threshold, 0.4f));

        Assert.Empty(results.FindAll("[data-testid=no-candidate]"));
        Assert.Equal("3 candidates are not shown: their gallery photos were deleted after the search found them. Their review records are kept.",
            results.Find("[data-testid=deleted-candidates]").TextContent.Trim());
    }

    [Fact]
    public void APurgedCasesFaceShowsABoxSayingThePhotoIsDeletedAndNoErasedName()
    {
        var results = Render<ProbeFaceResults>(p => p.Add(c => c.Face, Face([], withheld: 0) with { ProbeName = "erased" })
            .Add(c => c.Threshold, 0.4f).Add(c => c.PhotoDeleted, true));

        Assert.Empty(results.FindAll("img"));
        Assert.Equal("Photo deleted", results.Find("[data-testid=probe-face-deleted]").TextContent.Trim());
        Assert.Equal("Probe face 1", results.Find("[data-testid=probe-face-name]").TextContent.Trim());
    }

    /// <summary>
    /// A closed candidate whose outcome the query withheld (the viewer also reviews, and may still decide another finding of
    /// its gallery face): it reads as decided, says why nothing more is shown, and lists no decision.
    /// </summary>
    [Fact]
    public void ACandidateWhoseOutcomeIsWithheldReadsAsDecidedAndSaysWhy()
    {
        var candidate = new CandidateView(Guid.NewGuid(), 1, 0.71f, CandidateBand.Strong, Guid.NewGuid(), "Own intake", "photo1.jpg", Guid.NewGuid(),
            new CandidateReview(null, []));

        var results = Render<ProbeFaceResults>(p => p.Add(c => c.Face, Face([candidate], withheld: 0)).Add(c => c.Threshold, 0.4f));

        var review = results.Find("[data-testid=candidate-review]");
        Assert.Equal("Decided (outcome withheld)", review.QuerySelector("[data-testid=review-state]")!.TextContent.Trim());
        Assert.Equal("You may still review another finding of this gallery face in this case, so how this one was decided is shown once you have.",
            review.QuerySelector("[data-testid=outcome-withheld]")!.TextContent.Trim());
        Assert.Empty(review.QuerySelectorAll("[data-testid=decision]"));
    }

    private static ProbeFaceResult Face(IReadOnlyList<CandidateView> candidates, int withheld, int ordinal = 0) =>
        new(Guid.NewGuid(), Guid.NewGuid(), ordinal, true, "", candidates, withheld, "photo-of-anna.jpg");
}
