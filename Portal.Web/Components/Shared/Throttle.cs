namespace Portal.Web.Components.Shared;

/// <summary>
/// Runs a refresh at most once per interval, and always once more after the last request, so a burst of
/// changes neither floods the page nor leaves it showing a stale state.
/// </summary>
public sealed class Throttle(TimeSpan interval, Func<Task> refresh) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _disposed = new();
    private DateTimeOffset _last = DateTimeOffset.MinValue;
    private int _trailingScheduled;

    public async Task RequestAsync()
    {
        var wait = _last + interval - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            if (Interlocked.Exchange(ref _trailingScheduled, 1) == 0)
                _ = TrailingAsync(wait);
            return;
        }
        await RunAsync();
    }

    private async Task TrailingAsync(TimeSpan wait)
    {
        try
        {
            await Task.Delay(wait, _disposed.Token);
            Interlocked.Exchange(ref _trailingScheduled, 0);
            await RunAsync();
        }
        catch (OperationCanceledException)
        {
            // the page went away
        }
    }

    private async Task RunAsync()
    {
        await _gate.WaitAsync(_disposed.Token);
        try
        {
            _last = DateTimeOffset.UtcNow;
            await refresh();
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }
}
