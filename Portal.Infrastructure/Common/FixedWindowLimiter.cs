using System.Collections.Concurrent;

namespace Portal.Infrastructure.Common;

/// <summary>
/// Counts attempts per key in fixed windows, in this process. Keys are cheap to create (an address, an account),
/// so expired windows are dropped once the table grows, to keep a flood of keys from holding memory.
/// </summary>
public sealed class FixedWindowLimiter(TimeProvider timeProvider)
{
    private const int PruneAbove = 10_000;

    /// <summary>Past this many live keys (a flood of fresh keys within one window), new keys are refused: fail closed.</summary>
    private const int MaxKeys = 50_000;
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private DateTimeOffset _nextPrune = DateTimeOffset.MinValue;

    /// <summary>Takes one permit for <paramref name="key"/>; false when its window's allowance is spent.</summary>
    public bool TryTake(string key, int limit, TimeSpan window)
    {
        var now = timeProvider.GetUtcNow();
        if (_windows.Count > PruneAbove && now >= _nextPrune)
        {
            // At most once a second: a scan per request would make the flood itself expensive.
            _nextPrune = now + TimeSpan.FromSeconds(1);
            Prune(now, window);
        }
        if (_windows.Count >= MaxKeys && !_windows.ContainsKey(key))
            return false;
        var current = _windows.AddOrUpdate(key,
            _ => new Window(now, 1),
            (_, existing) => now - existing.Start >= window ? new Window(now, 1) : existing with { Used = existing.Used + 1 });
        return current.Used <= limit;
    }

    private void Prune(DateTimeOffset now, TimeSpan window)
    {
        foreach (var (key, value) in _windows)
            if (now - value.Start >= window)
                _windows.TryRemove(key, out _);
    }

    private sealed record Window(DateTimeOffset Start, int Used);
}
