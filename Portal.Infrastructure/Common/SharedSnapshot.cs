namespace Portal.Infrastructure.Common;

/// <summary>
/// A value computed at most once per <c>maxAge</c> and shared by everyone who asks: what the public reports use, so
/// a visitor reloading a page cannot make the portal run its queries again and again.
/// The computation runs on its own task with no cancellation: a visitor who leaves stops waiting (their token ends
/// their wait) but never cancels the work the others are waiting for. A failed computation is shared too, but only
/// for <see cref="FailureMaxAge"/> after it failed: long enough that a flood of visitors during an outage does not
/// recompute on every request, short enough that the outage's end shows within seconds, not after <c>maxAge</c>.
/// </summary>
public sealed class SharedSnapshot<T>(Func<CancellationToken, Task<T>> compute, TimeSpan maxAge, TimeProvider timeProvider)
{
    public static readonly TimeSpan FailureMaxAge = TimeSpan.FromSeconds(30);

    private readonly Lock _lock = new();
    private Computation? _current;

    public Task<T> GetAsync(CancellationToken cancellationToken = default)
    {
        Task<T> shared;
        lock (_lock)
        {
            var now = timeProvider.GetUtcNow();
            if (_current is null || _current.ExpiredAt(now, maxAge))
                _current = new Computation(now, compute, timeProvider);
            shared = _current.Task;
        }
        return shared.WaitAsync(cancellationToken);
    }

    private sealed class Computation
    {
        private readonly DateTimeOffset _startedAt;
        private DateTimeOffset? _failedAt;

        public Computation(DateTimeOffset startedAt, Func<CancellationToken, Task<T>> compute, TimeProvider timeProvider)
        {
            _startedAt = startedAt;
            // Task.Run: the computation's first steps never run under the lock or on the caller's token.
            Task = System.Threading.Tasks.Task.Run(async () =>
            {
                try
                {
                    return await compute(CancellationToken.None);
                }
                catch
                {
                    _failedAt = timeProvider.GetUtcNow(); // before the task ends, so whoever sees it failed sees when
                    throw;
                }
            }, CancellationToken.None);
        }

        public Task<T> Task { get; }

        public bool ExpiredAt(DateTimeOffset now, TimeSpan maxAge) => Task.IsFaulted || Task.IsCanceled
            ? now - (_failedAt ?? _startedAt) >= FailureMaxAge
            : now - _startedAt >= maxAge;
    }
}
