using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Infrastructure.Common;
using Portal.Infrastructure.Galleries;
using Portal.Tests.Support;
using Portal.Web.Components.Shared;

namespace Portal.Tests.Web.Components;

/// <summary>
/// Issue 15 item 4: a live page of one process refreshes on a change published by another process on the same
/// PostgreSQL database, without its poll clock moving.
/// </summary>
public sealed class RelayedLiveRefreshTests : PortalComponentTest
{
    private readonly FakeTimeProvider _time = new();
    private int _refreshes;
    private DateTimeOffset _started;

    public RelayedLiveRefreshTests() => Services.AddSingleton<TimeProvider>(_time);

    [PostgreSqlFact]
    public async Task APageOfHostARefreshesOnAGalleryChangePublishedByHostBWithoutPolling()
    {
        await using var hosts = await RelayedHosts.StartAsync(await TestDatabase.PostgreSqlAsync());
        await hosts.UntilListeningAsync();
        var gallery = Guid.NewGuid();
        _started = _time.GetUtcNow();
        Render<LiveRefresh>(p => p
            .Add(c => c.Every, TimeSpan.FromSeconds(5))
            .Add(c => c.Topics, [LiveTopic.Of(hosts.A.Get<Notifier<GalleriesChanged>>(), change => change.Concerns(gallery))])
            .Add(c => c.OnRefresh, () => Interlocked.Increment(ref _refreshes)));

        await hosts.B.Get<Notifier<GalleriesChanged>>().PublishAsync(new GalleriesChanged(Guid.NewGuid()));
        await hosts.B.Get<Notifier<GalleriesChanged>>().PublishAsync(new GalleriesChanged(gallery));

        // Polled rather than WaitForAssertion: this component renders nothing, so no render would trigger a re-check.
        await RelayedHosts.Until(() => Volatile.Read(ref _refreshes) >= 1);
        await Task.Delay(300);
        Assert.Equal(1, Volatile.Read(ref _refreshes));
        Assert.Equal(TimeSpan.Zero, _time.GetUtcNow() - _started);
    }
}
