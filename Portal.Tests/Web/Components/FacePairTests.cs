using Bunit;
using Portal.Tests.Support;
using Portal.Web.Components.Review;
using Portal.Web.Components.Shared;

namespace Portal.Tests.Web.Components;

/// <summary>Issue 13: the review screen's two faces say which is which and where each came from, never who.</summary>
public sealed class FacePairTests : PortalComponentTest
{
    [Fact]
    public void NamesTheProbeFaceByItsPhotoAndTheCandidateByItsGallery()
    {
        var pair = Render<FacePair>(p => p
            .Add(c => c.ProbeSource, "media/probe-faces/1").Add(c => c.CandidateSource, "media/faces/2")
            .Add(c => c.ProbeAlt, FaceText.Probe(1, "family.jpg")).Add(c => c.CandidateAlt, FaceText.Candidate("Shelter intake")));

        Assert.Equal("Probe face 2 from family.jpg", pair.Find("[data-testid=probe-crop]").GetAttribute("alt"));
        Assert.Equal("Candidate face from gallery Shelter intake", pair.Find("[data-testid=candidate-crop]").GetAttribute("alt"));
    }

    [Fact]
    public void TheZoomControlDeclaresItsShortcutKey()
    {
        var pair = Render<FacePair>(p => p.Add(c => c.ProbeSource, "a").Add(c => c.CandidateSource, "b"));

        Assert.Equal("Z", pair.Find("[data-testid=zoom]").GetAttribute("aria-keyshortcuts"));
    }
}
