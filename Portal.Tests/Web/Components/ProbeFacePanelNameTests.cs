using Bunit;
using Portal.Infrastructure.Cases;
using Portal.Tests.Support;
using Portal.Web.Components.Cases;

namespace Portal.Tests.Web.Components;

/// <summary>Issue 13, confusion 5: each result panel names its probe photo, so one probe's "no candidate" is not read as another's.</summary>
public sealed class ProbeFacePanelNameTests : PortalComponentTest
{
    [Fact]
    public void APanelNamesItsFaceAndItsProbePhoto()
    {
        var face = new ProbeFaceResult(Guid.NewGuid(), Guid.NewGuid(), 1, true, "", [], 0, "photo-of-anna.jpg");

        var panel = Render<ProbeFaceResults>(p => p.Add(c => c.Face, face).Add(c => c.Threshold, 0.4f));

        Assert.Equal("Probe face 2 in photo-of-anna.jpg", panel.Find("[data-testid=probe-face-name]").TextContent.Trim());
        Assert.Single(panel.FindAll("[data-testid=no-candidate]"));
    }
}
