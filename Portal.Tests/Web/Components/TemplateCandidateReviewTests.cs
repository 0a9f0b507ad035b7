using Bunit;
using Portal.Domain.Cases;
using Portal.Domain.Organisations;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Review;
using Portal.Tests.Support;
using Portal.Web.Components.Cases;
using Portal.Web.Components.Pages.Review;
using Portal.Web.Components.Review;

namespace Portal.Tests.Web.Components;

/// <summary>
/// A person template's candidate in the review queue and on the review screen reads as the template's: its label, its photo
/// count, its score as the mean's, and every photo's own score (with its face on the screen). A single probe's is unchanged.
/// </summary>
public sealed class TemplateCandidateReviewTests : PortalComponentTest
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Obama3Face = Guid.NewGuid();
    private static readonly Guid Obama1Face = Guid.NewGuid();

    // As the reviewer's walk found it: the template scores 0.809, its best photo 0.781 on its own.
    private static readonly CandidateTemplate Family = new("Family photos",
    [
        new(Guid.NewGuid(), "obama3.jpg", 0.781f, true, Obama3Face),
        new(Guid.NewGuid(), "obama1.jpg", 0.744f, true, Obama1Face),
        new(Guid.NewGuid(), "obama2.jpg", 0.312f, false),
    ]);

    [Fact]
    public void TheReviewFactsOfATemplateCandidateNameTheTemplateAndSayItsScoreIsTheMeans()
    {
        var facts = Render<CandidateFacts>(p => p.Add(c => c.Item, Item(Family)));

        Assert.Equal("template score 0.809 (mean of 3 photos), threshold 0.40", facts.Find("[data-testid=fact-score]").TextContent.Trim());
        Assert.Equal("Family photos · 3 photos of one person · candidate #1", facts.Find("[data-testid=fact-template]").TextContent.Trim());
        Assert.Empty(facts.FindAll("[data-testid=fact-probe]"));
        Assert.DoesNotContain("obama3.jpg, face 1", facts.Markup);
    }

    [Fact]
    public void ASingleProbesReviewFactsStayAsTheyWere()
    {
        var facts = Render<CandidateFacts>(p => p.Add(c => c.Item, Item(null)));

        Assert.Equal("0.809 (threshold 0.40)", facts.Find("[data-testid=fact-score]").TextContent.Trim());
        Assert.Equal("obama3.jpg, face 1 · candidate #1", facts.Find("[data-testid=fact-probe]").TextContent.Trim());
        Assert.Empty(facts.FindAll("[data-testid=fact-template]"));
    }

    [Fact]
    public void OnTheReviewScreenEveryPhotoOfTheTemplateShowsItsFaceAndItsOwnScore()
    {
        var list = Render<TemplateSupportList>(p => p.Add(c => c.Support, Family.Support).Add(c => c.ShowCrops, true));

        var crops = list.FindAll("[data-testid=support-crop]");
        Assert.Equal([$"media/probe-faces/{Obama3Face}", $"media/probe-faces/{Obama1Face}"], crops.Select(c => c.GetAttribute("src")));
        Assert.Equal(["Probe face from obama3.jpg", "Probe face from obama1.jpg"], crops.Select(c => c.GetAttribute("alt")));
        Assert.Equal(["0.781", "0.744", "0.312"], list.FindAll("[data-testid=support-score]").Select(s => s.TextContent));
        Assert.Equal(["yes", "yes", "no"], list.FindAll("[data-testid=support-photo]").Select(r => r.GetAttribute("data-supports")));
    }

    [Fact]
    public void AQueueRowOfATemplateCandidateNamesTheTemplateItsMeanScoreAndEachPhotosOwn()
    {
        var row = QueueItem(Family);

        Assert.Equal("Template Family photos (3 photos), #1", ReviewQueue.ProbeText(row));
        Assert.Equal("template score 0.809 (mean of 3 photos)", ReviewQueue.ScoreText(row));
        Assert.Equal(["✓ obama3.jpg: 0.781 at or above the threshold", "✓ obama1.jpg: 0.744 at or above the threshold", "⊖ obama2.jpg: 0.312 below the threshold"],
            Family.Support.Select(ReviewQueue.SupportText));
    }

    [Fact]
    public void AQueueRowOfASingleProbeStaysAsItWas()
    {
        var row = QueueItem(null);

        Assert.Equal("obama3.jpg, face 1, #1", ReviewQueue.ProbeText(row));
        Assert.Equal("0.809", ReviewQueue.ScoreText(row));
    }

    private static ReviewItem Item(CandidateTemplate? template) =>
        new(Guid.NewGuid(), Obama3Face, Guid.NewGuid(), Guid.NewGuid(), "MC-1", Purpose.MissingChild, "obama3.jpg", 0, 1, 0.809f, CandidateBand.Strong, 0.4f,
            "Intake", "face.jpg", Now, template);

    private static ReviewQueueItem QueueItem(CandidateTemplate? template) =>
        new(Guid.NewGuid(), Guid.NewGuid(), "MC-1", Purpose.MissingChild, "obama3.jpg", 0, 1, 0.809f, CandidateBand.Strong, "Intake", "photo1.jpg", Now, template);
}
