using Bunit;
using Portal.Domain.Cases;
using Portal.Domain.Review;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Review;
using Portal.Tests.Support;
using Portal.Web.Components.Cases;

namespace Portal.Tests.Web.Components;

/// <summary>Issue 13: face images on a case's results name their role and source, never the person.</summary>
public sealed class FaceImageTextTests : PortalComponentTest
{
    [Fact]
    public void TheProbeFaceIsNamedByItsPhotoAndEachCandidateByItsGalleryNotItsFileName()
    {
        var candidate = new CandidateView(Guid.NewGuid(), 1, 0.71f, CandidateBand.Strong, Guid.NewGuid(), "Shelter intake", "maria_lopez.jpg", Guid.NewGuid(),
            new CandidateReview(ReviewState.Pending, []));
        var face = new ProbeFaceResult(Guid.NewGuid(), Guid.NewGuid(), 1, true, "", [candidate], ProbeName: "family.jpg");

        var results = Render<ProbeFaceResults>(p => p.Add(c => c.Face, face).Add(c => c.Threshold, 0.4f));

        var alts = results.FindAll("img").Select(img => img.GetAttribute("alt")).ToList();
        Assert.Equal(["Probe face 2 from family.jpg", "Candidate face from gallery Shelter intake"], alts);
    }
}
