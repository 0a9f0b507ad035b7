using Bunit;
using Portal.Domain.Queue;
using Portal.Infrastructure.Cases;
using Portal.Tests.Support;
using Portal.Web.Components.Cases;

namespace Portal.Tests.Web.Components;

/// <summary>The case page offers Cancel exactly where the queue accepts a cancel (JobLifecycle's one set, and a running job).</summary>
public sealed class ProbeStatusListTests : PortalComponentTest
{
    [Theory]
    [InlineData(JobState.Queued, true)]
    [InlineData(JobState.Running, true)]
    [InlineData(JobState.HeldByMoratorium, true)]
    [InlineData(JobState.DeadLettered, true)]
    [InlineData(JobState.Succeeded, false)]
    [InlineData(JobState.Cancelled, false)]
    public void OffersCancelWhereTheQueueAcceptsIt(JobState state, bool offered)
    {
        var probe = new ProbeStatus(Guid.NewGuid(), "family.jpg", state, 0, null, null, null, null);

        var list = Render<ProbeStatusList>(p => p.Add(c => c.Probes, [probe]).Add(c => c.CanCancel, true));

        Assert.Equal(offered, list.FindAll("[data-testid=cancel-probe]").Count == 1);
    }

    [Theory]
    [InlineData(0, 0, "No face found in this photo")]
    [InlineData(2, 0, "2 face(s) found, none clear enough to search")]
    [InlineData(3, 1, "3 face(s) found, 1 clear enough to search")]
    [InlineData(1, 1, "1 face(s) found and searched")]
    public void ASearchedPhotoSaysHowManyFacesItShowedAndHowManyWereSearched(int found, int searched, string words)
    {
        var probe = new ProbeStatus(Guid.NewGuid(), "crowd.jpg", JobState.Succeeded, 100, null, null, null, DateTimeOffset.UnixEpoch, found, searched);

        var list = Render<ProbeStatusList>(p => p.Add(c => c.Probes, [probe]));

        Assert.StartsWith(words, list.Find("[data-testid=probe-faces]").TextContent.Trim());
    }
}
