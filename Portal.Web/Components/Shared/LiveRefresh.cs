using Microsoft.AspNetCore.Components;

namespace Portal.Web.Components.Shared;

/// <summary>
/// Keeps a page live: refreshes it when a topic's notifier speaks, and on a timer as a fallback, because on SQLite
/// workers in another process do not reach this process's notifiers (on PostgreSQL they do, through the relay, and
/// the timer covers a relay that is reconnecting). Refreshes run on the circuit's dispatcher, one at a
/// time: a request during a refresh runs once after it, never alongside it, and nothing runs after dispose. With a
/// <see cref="Spacing"/>, refreshes start at least that far apart, so a burst of changes (a big upload being indexed)
/// neither floods the page nor leaves it stale: the last request is always followed by one refresh.
/// </summary>
public sealed class LiveRefresh : ComponentBase, IDisposable
{
    private readonly List<IDisposable> _subscriptions = [];
    private readonly CancellationTokenSource _stopped = new();
    private DateTimeOffset? _lastStarted;
    private ITimer? _poll;
    private bool _running;
    private bool _pending;
    private bool _disposed;

    [Inject] private TimeProvider Time { get; set; } = default!;

    /// <summary>How often to refresh when no notifier speaks.</summary>
    [Parameter, EditorRequired] public TimeSpan Every { get; set; }

    [Parameter] public IReadOnlyList<LiveTopic> Topics { get; set; } = [];

    /// <summary>The least time between the starts of two refreshes; none by default. Waited on the injected clock.</summary>
    [Parameter] public TimeSpan Spacing { get; set; }

    /// <summary>The page's reload; the page re-renders after it.</summary>
    [Parameter, EditorRequired] public EventCallback OnRefresh { get; set; }

    protected override void OnInitialized()
    {
        foreach (var topic in Topics)
            _subscriptions.Add(topic.Subscribe(QueueRefresh));
        _poll = Time.CreateTimer(_ => QueueRefresh(), null, Every, Every);
    }

    /// <summary>
    /// Queues a refresh on the circuit and returns at once. A notifier awaits each subscriber in turn, so a page that
    /// made its publisher wait for its reload (and its spacing) would slow the worker or the reviewer who published.
    /// </summary>
    private Task QueueRefresh()
    {
        _ = RefreshInBackgroundAsync();
        return Task.CompletedTask;
    }

    private async Task RefreshInBackgroundAsync()
    {
        try
        {
            await InvokeAsync(RefreshNowAsync);
        }
        catch (Exception exception) when (!_disposed)
        {
            // Nobody awaits this refresh: hand its failure to the circuit, as a failing lifecycle method would.
            await DispatchExceptionAsync(exception);
        }
        catch (Exception)
        {
            // The page closed while its refresh was queued or running: there is nothing left to show the failure on.
        }
    }

    /// <summary>Refreshes now, or once more after the refresh under way (a page's own actions call this too).</summary>
    public async Task RefreshNowAsync()
    {
        if (_disposed)
            return;
        if (_running)
        {
            _pending = true;
            return;
        }
        _running = true;
        try
        {
            do
            {
                await SpaceOutAsync();
                // Cleared after the wait: what arrived during it is answered by this refresh.
                _pending = false;
                _lastStarted = Time.GetUtcNow();
                await OnRefresh.InvokeAsync();
            }
            while (_pending && !_disposed);
        }
        catch (OperationCanceledException) when (_disposed)
        {
            // The page went while it reloaded (its token is cancelled); a notifier's publisher must not see that.
        }
        finally
        {
            _running = false;
        }
    }

    private async Task SpaceOutAsync()
    {
        if (_lastStarted is not { } last)
            return;
        var wait = last + Spacing - Time.GetUtcNow();
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait, Time, _stopped.Token);
    }

    public void Dispose()
    {
        _disposed = true;
        _stopped.Cancel();
        _stopped.Dispose();
        _poll?.Dispose();
        foreach (var subscription in _subscriptions)
            subscription.Dispose();
    }
}
