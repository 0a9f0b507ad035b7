using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Infrastructure.Common;
using Portal.Infrastructure.Queue;
using Portal.Web.Components.Shared;

namespace Portal.Tests.Web.Components;

/// <summary>
/// Issue 14: the one live-refresh component of the case page, the review queue and the queue dashboard. Only the
/// case page guarded against overlapping refreshes before; now all three do, and none refreshes after it closes.
/// </summary>
public sealed class LiveRefreshTests : Support.PortalComponentTest
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(3);
    private readonly FakeTimeProvider _time = new();
    private readonly Notifier<JobsChanged> _jobs = new();
    private int _refreshes;
    private int _running;
    private int _mostAtOnce;
    private TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LiveRefreshTests()
    {
        Services.AddSingleton<TimeProvider>(_time);
        _gate.SetResult();
    }

    [Fact]
    public async Task RefreshesWhenATopicsNotifierSpeaks()
    {
        var live = Live();

        await _jobs.PublishAsync(new JobsChanged(null));

        live.WaitForAssertion(() => Assert.Equal(1, _refreshes));
    }

    [Fact]
    public async Task APublisherDoesNotWaitForThePagesRefresh()
    {
        var live = Live();
        _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

        // A worker or a reviewer publishes; the page's reload is held open at the gate.
        await _jobs.PublishAsync(new JobsChanged(null)).WaitAsync(TimeSpan.FromSeconds(5));

        live.WaitForAssertion(() => Assert.Equal(1, _running));
        _gate.SetResult();
        live.WaitForAssertion(() => Assert.Equal(0, _running));
    }

    [Fact]
    public async Task IgnoresMessagesItsTopicFiltersOut()
    {
        var mine = Guid.NewGuid();
        var live = Live(LiveTopic.Of(_jobs, change => change.OrganisationId == mine));

        await _jobs.PublishAsync(new JobsChanged(Guid.NewGuid()));
        await _jobs.PublishAsync(new JobsChanged(mine));

        live.WaitForAssertion(() => Assert.Equal(1, _refreshes));
        await Task.Delay(50);
        Assert.Equal(1, _refreshes);
    }

    [Fact]
    public void RefreshesOnThePollWhenNoNotifierSpeaks()
    {
        var live = Live();

        _time.Advance(Every - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, _refreshes);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        live.WaitForAssertion(() => Assert.Equal(1, _refreshes));
        _time.Advance(Every);
        live.WaitForAssertion(() => Assert.Equal(2, _refreshes));
    }

    [Fact]
    public async Task StopsListeningAndPollingOnceDisposed()
    {
        Live();

        await DisposeComponentsAsync();
        await _jobs.PublishAsync(new JobsChanged(null));
        _time.Advance(Every * 3);

        await Task.Delay(50);
        Assert.Equal(0, _refreshes);
    }

    [Fact]
    public async Task NeverRunsTwoRefreshesAtOnceAndRunsOnceMoreForWhatCameDuringOne()
    {
        var live = Live();
        _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

        await _jobs.PublishAsync(new JobsChanged(null)); // its refresh is held at the gate
        live.WaitForAssertion(() => Assert.Equal(1, _running));
        _time.Advance(Every);
        _time.Advance(Every);
        await _jobs.PublishAsync(new JobsChanged(null));
        _gate.SetResult();

        live.WaitForAssertion(() => Assert.Equal(2, _refreshes));
        Assert.Equal(1, _mostAtOnce);
    }

    [Fact]
    public async Task DoesNotRefreshAgainAfterItIsDisposedDuringARefresh()
    {
        var live = Live();
        _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        await _jobs.PublishAsync(new JobsChanged(null));
        live.WaitForAssertion(() => Assert.Equal(1, _running));
        await _jobs.PublishAsync(new JobsChanged(null)); // would run once more after the first

        await DisposeComponentsAsync();
        _gate.SetResult();

        await Task.Delay(50);
        Assert.Equal(0, _running);
        Assert.Equal(1, _refreshes);
    }

    [Fact]
    public async Task WithASpacingABurstOfChangesRefreshesOnceAtOnceAndOnceMoreWhenTheSpacingHasPassed()
    {
        var spacing = TimeSpan.FromSeconds(1);
        var live = Live(spacing: spacing);

        await _jobs.PublishAsync(new JobsChanged(null));
        live.WaitForAssertion(() => Assert.Equal(1, _refreshes));
        for (var change = 0; change < 5; change++)
            await _jobs.PublishAsync(new JobsChanged(null));
        await Task.Delay(50);
        Assert.Equal(1, _refreshes);

        _time.Advance(spacing - TimeSpan.FromMilliseconds(1));
        await Task.Delay(50);
        Assert.Equal(1, _refreshes);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        live.WaitForAssertion(() => Assert.Equal(2, _refreshes));
        await Task.Delay(50);
        Assert.Equal(2, _refreshes);
    }

    [Fact]
    public async Task ASpacingWaitEndsWithoutARefreshWhenTheComponentIsDisposed()
    {
        var spacing = TimeSpan.FromSeconds(1);
        var live = Live(spacing: spacing);
        await _jobs.PublishAsync(new JobsChanged(null));
        live.WaitForAssertion(() => Assert.Equal(1, _refreshes));
        await _jobs.PublishAsync(new JobsChanged(null)); // waits out the spacing

        await DisposeComponentsAsync();
        _time.Advance(spacing);
        await Task.Delay(50);

        Assert.Equal(1, _refreshes);
    }

    private IRenderedComponent<LiveRefresh> Live(LiveTopic? topic = null, TimeSpan spacing = default) => Render<LiveRefresh>(p => p
        .Add(c => c.Every, Every)
        .Add(c => c.Spacing, spacing)
        .Add(c => c.Topics, [topic ?? LiveTopic.Of(_jobs)])
        .Add(c => c.OnRefresh, RefreshAsync));

    private async Task RefreshAsync()
    {
        _refreshes++;
        _mostAtOnce = Math.Max(_mostAtOnce, Interlocked.Increment(ref _running));
        await _gate.Task;
        Interlocked.Decrement(ref _running);
    }
}
