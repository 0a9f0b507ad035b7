using Bunit;
using Portal.Domain.Cases;
using Portal.Domain.Review;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Review;
using Portal.Tests.Support;
using Portal.Web.Components.Cases;

namespace Portal.Tests.Web.Components;

/// <summary>A probe face's results say how many candidates are withheld, and never call a face with withheld candidates empty.</summary>
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

    private static ProbeFaceResult Face(IReadOnlyList<CandidateView> candidates, int withheld) =>
        new(Guid.NewGuid(), Guid.NewGuid(), 0, true, "", candidates, withheld);
}
