namespace Portal.Infrastructure.Common;

/// <summary>
/// A value computed at most once per <c>maxAge</c> and shared by everyone who asks: what the public reports use, so
/// a visitor reloading a page cannot make the portal run its queries again and again.
/// The computation runs on its own task with no cancellation: a visitor who leaves stops waiting (their token ends
/// their wait) but never cancels the work the others are waiting for. A failed computation is not kept: the next
/// request starts a new one.
/// </summary>
public sealed class SharedSnapshot<T>(Func<CancellationToken, Task<T>> compute, TimeSpan maxAge, TimeProvider timeProvider)
{
    private readonly Lock _lock = new();
    private Task<T>? _current;
    private DateTimeOffset _startedAt;

    public Task<T> GetAsync(CancellationToken cancellationToken = default)
    {
        Task<T> shared;
        lock (_lock)
        {
            if (_current is null || _current.IsFaulted || _current.IsCanceled || timeProvider.GetUtcNow() - _startedAt >= maxAge)
            {
                _startedAt = timeProvider.GetUtcNow();
                // Task.Run: the computation's first steps never run under the lock or on the caller's token.
                _current = Task.Run(() => compute(CancellationToken.None), CancellationToken.None);
            }
            shared = _current;
        }
        return shared.WaitAsync(cancellationToken);
    }
}
