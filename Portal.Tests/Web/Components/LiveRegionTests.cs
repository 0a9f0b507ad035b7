using Bunit;
using Portal.Domain.Cases;
using Portal.Domain.Galleries;
using Portal.Domain.Queue;
using Portal.Domain.Review;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Galleries;
using Portal.Infrastructure.Review;
using Portal.Tests.Support;
using Portal.Web.Components.Cases;
using Portal.Web.Components.Galleries;

namespace Portal.Tests.Web.Components;

/// <summary>
/// Issue 13: a screen reader hears the upload list, the case's progress and review outcomes change. A live region
/// is only announced if it was on the page before its text changed, so each is checked before and after.
/// </summary>
public sealed class LiveRegionTests : PortalComponentTest
{
    [Fact]
    public void TheUploadListAnnouncesItsProgressFromARegionPresentBeforeTheFirstUpload()
    {
        var list = Render<UploadBatchList>(p => p.Add(c => c.Rows, []).Add(c => c.Images, new Dictionary<Guid, GalleryImageView>()));
        AssertLive(list.Find("[data-testid=upload-announcement]"), "");

        var id = Guid.NewGuid();
        var rows = new[] { new BatchRow("a.jpg"), new BatchRow("b.jpg") };
        list.Render(p => p.Add(c => c.Rows, rows));
        AssertLive(list.Find("[data-testid=upload-announcement]"), "This upload: 0 of 2 files sent; 2 uploading.");

        rows[0].Uploading = false;
        rows[0].ImageId = id;
        rows[1].Uploading = false;
        rows[1].Rejected = true;
        var images = new Dictionary<Guid, GalleryImageView>
        {
            [id] = new(id, "a.jpg", 640, 480, DateTimeOffset.UnixEpoch, "staff", ImageOutcome.Indexed, 1, null, JobState.Succeeded, 100),
        };
        list.Render(p => p.Add(c => c.Rows, [.. rows]).Add(c => c.Images, images));
        AssertLive(list.Find("[data-testid=upload-announcement]"), "This upload: 2 of 2 files sent; 1 indexed, 1 rejected.");
    }

    [Fact]
    public void TheCaseProgressAnnouncesEachProbesState()
    {
        var probe = new ProbeStatus(Guid.NewGuid(), "family.jpg", JobState.Queued, 0, 1, null, null, null);
        var list = Render<ProbeStatusList>(p => p.Add(c => c.Probes, [probe]));
        AssertLive(list.Find("[data-testid=probe-announcement]"), "Search progress: 1 photo(s): 1 queued.");

        list.Render(p => p.Add(c => c.Probes, [probe with { State = JobState.Succeeded, Progress = 100 }]));
        AssertLive(list.Find("[data-testid=probe-announcement]"), "Search progress: 1 photo(s): 1 done.");
    }

    [Fact]
    public void ACandidatesReviewOutcomeArrivesInsideARegionThatStoodWhileItWasPending()
    {
        var results = Render<ProbeFaceResults>(p => p.Add(c => c.Face, Face(ReviewState.Pending, [])).Add(c => c.Threshold, 0.4f));
        var region = results.Find("[data-testid=candidate-review]");
        Assert.Equal("polite", region.GetAttribute("aria-live"));
        Assert.Empty(region.QuerySelectorAll("[data-testid=decision]"));

        var decision = new DecisionView("Ana Reviewer", ReviewVerdict.Confirm, ReviewStage.First, true, "Same scar.", DateTimeOffset.UnixEpoch);
        results.Render(p => p.Add(c => c.Face, Face(ReviewState.Confirmed, [decision, decision with { Stage = ReviewStage.Second }])));

        Assert.Equal(2, results.Find("[data-testid=candidate-review]").QuerySelectorAll("[data-testid=decision]").Length);
    }

    private static void AssertLive(AngleSharp.Dom.IElement region, string text)
    {
        Assert.Equal("status", region.GetAttribute("role"));
        Assert.Equal("polite", region.GetAttribute("aria-live"));
        Assert.Equal(text, region.TextContent.Trim());
    }

    private static ProbeFaceResult Face(ReviewState state, IReadOnlyList<DecisionView> decisions) =>
        new(Guid.NewGuid(), Guid.NewGuid(), 0, true, "",
            [new CandidateView(Guid.NewGuid(), 1, 0.71f, CandidateBand.Strong, Guid.NewGuid(), "Own intake", "photo1.jpg", Guid.NewGuid(), new CandidateReview(state, decisions))]);
}
