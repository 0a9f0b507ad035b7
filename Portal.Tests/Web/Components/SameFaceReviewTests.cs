using Bunit;
using Portal.Domain.Cases;
using Portal.Domain.Review;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Review;
using Portal.Tests.Support;
using Portal.Web.Components.Pages.Review;
using Portal.Web.Components.Review;

namespace Portal.Tests.Web.Components;

/// <summary>
/// A gallery face found more than once in a case: the queue row says by how many other probe faces and templates, and the
/// review screen lists the other findings, each with what found it, its score and its standing, and a link to its own screen.
/// </summary>
public sealed class SameFaceReviewTests : PortalComponentTest
{
    private static readonly CandidateTemplate Family = new("Family photos",
    [
        new(Guid.NewGuid(), "obama3.jpg", 0.781f, true),
        new(Guid.NewGuid(), "obama1.jpg", 0.744f, true),
    ]);

    [Theory]
    [InlineData(2, 1, "Same gallery face also found by 2 other probe faces and 1 other template in this case")]
    [InlineData(1, 0, "Same gallery face also found by 1 other probe face in this case")]
    [InlineData(0, 2, "Same gallery face also found by 2 other templates in this case")]
    public void AQueueRowSaysByWhatElseItsGalleryFaceWasFoundInTheCase(int probeFaces, int templates, string expected) =>
        Assert.Equal(expected, ReviewQueue.AlsoFoundText(new AlsoFound(probeFaces, templates)));

    [Fact]
    public void TheReviewScreenListsEachOtherFindingWithWhatFoundItItsScoreItsStandingAndALinkToItsOwnScreen()
    {
        var byPhoto = new SameFaceFinding(Guid.NewGuid(), "obama1.jpg", 1, 2, 0.702f, CandidateBand.Possible, ReviewState.Confirmed, YouLooked: true);
        var byTemplate = new SameFaceFinding(Guid.NewGuid(), "obama3.jpg", 0, 1, 0.809f, CandidateBand.Strong, ReviewState.Pending, YouLooked: false, Family);

        var list = Render<SameFaceList>(p => p.Add(c => c.Findings, [byPhoto, byTemplate]).Add(c => c.Query, "?case=abc"));

        Assert.Equal("This gallery face was also found 2 more times in this case", list.Find("h2").TextContent.Trim());
        Assert.Equal(["obama1.jpg, face 2, #2", "Template Family photos (2 photos), #1"], list.FindAll("[data-testid=same-face-link]").Select(a => a.TextContent.Trim()));
        Assert.Equal([$"review/{byPhoto.CandidateId}?case=abc", $"review/{byTemplate.CandidateId}?case=abc"],
            list.FindAll("[data-testid=same-face-link]").Select(a => a.GetAttribute("href")));
        Assert.Equal(["0.702", "template score 0.809 (mean of 2 photos)"], list.FindAll("[data-testid=same-face-score]").Select(s => s.TextContent));
        Assert.Equal(["Confirmed lead", "Awaiting review"], list.FindAll("[data-testid=review-state]").Select(s => s.TextContent.Trim()));
        // Only the finding this reviewer decided says so; nothing says how anyone else decided an open one.
        var findings = list.FindAll("[data-testid=same-face-finding]");
        Assert.Single(findings[0].QuerySelectorAll("[data-testid=same-face-yours]"));
        Assert.Empty(findings[1].QuerySelectorAll("[data-testid=same-face-yours]"));
    }

    [Fact]
    public void AClosedFindingWhoseOutcomeIsWithheldSaysOnlyThatItWasDecided()
    {
        var withheld = new SameFaceFinding(Guid.NewGuid(), "obama1.jpg", 0, 1, 0.702f, CandidateBand.Possible, State: null, YouLooked: false);
        var open = new SameFaceFinding(Guid.NewGuid(), "obama3.jpg", 0, 1, 0.650f, CandidateBand.Possible, ReviewState.Pending, YouLooked: false);

        var list = Render<SameFaceList>(p => p.Add(c => c.Findings, [withheld, open]));

        Assert.Equal(["Decided (shown after your decision)", "Awaiting review"], list.FindAll("[data-testid=review-state]").Select(s => s.TextContent.Trim()));
        // No word of any outcome anywhere in the list.
        foreach (var state in Enum.GetValues<ReviewState>().Where(s => !TwoPersonRule.IsOpen(s)))
            Assert.DoesNotContain(state.Label(), list.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void ACandidateWhoseGalleryFaceWasFoundOnlyOnceShowsNoList()
    {
        var list = Render<SameFaceList>(p => p.Add(c => c.Findings, []));

        Assert.Empty(list.FindAll("[data-testid=same-face]"));
    }

    [Fact]
    public void OneOtherFindingIsCountedInTheSingular() =>
        Assert.Equal("This gallery face was also found once more in this case", SameFaceList.Heading(1));
}
