using Microsoft.AspNetCore.Components;

namespace Portal.Web.Components.Shared;

/// <summary>
/// Keeps a page live: refreshes it when a topic's notifier speaks, and on a timer as a fallback, because workers
/// in another process do not reach this process's notifiers. Refreshes run on the circuit's dispatcher, one at a
/// time: a request during a refresh runs once after it, never alongside it, and nothing runs after dispose.
/// </summary>
public sealed class LiveRefresh : ComponentBase, IDisposable
{
    private readonly List<IDisposable> _subscriptions = [];
    private ITimer? _poll;
    private bool _running;
    private bool _pending;
    private bool _disposed;

    [Inject] private TimeProvider Time { get; set; } = default!;

    /// <summary>How often to refresh when no notifier speaks.</summary>
    [Parameter, EditorRequired] public TimeSpan Every { get; set; }

    [Parameter] public IReadOnlyList<LiveTopic> Topics { get; set; } = [];

    /// <summary>The page's reload; the page re-renders after it.</summary>
    [Parameter, EditorRequired] public EventCallback OnRefresh { get; set; }

    protected override void OnInitialized()
    {
        foreach (var topic in Topics)
            _subscriptions.Add(topic.Subscribe(() => InvokeAsync(RefreshNowAsync)));
        _poll = Time.CreateTimer(_ => _ = InvokeAsync(RefreshNowAsync), null, Every, Every);
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
                _pending = false;
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

    public void Dispose()
    {
        _disposed = true;
        _poll?.Dispose();
        foreach (var subscription in _subscriptions)
            subscription.Dispose();
    }
}
