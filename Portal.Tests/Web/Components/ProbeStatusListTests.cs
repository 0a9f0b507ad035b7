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
}
