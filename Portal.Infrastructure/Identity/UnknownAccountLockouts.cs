using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Portal.Infrastructure.Identity;

/// <summary>
/// Lockout for names that have no account. Without it, five wrong passwords end on the lockout page only when the
/// account exists, and lockout itself tells who has one. A name's failures count and lock exactly as a real
/// account's do (Identity's limit and duration). Kept in memory and bounded: the oldest name is forgotten first.
/// </summary>
internal sealed class UnknownAccountLockouts(TimeProvider time, IOptions<IdentityOptions> identity)
{
    private const int MaxNames = 10_000;
    private readonly Dictionary<string, Entry> _names = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();

    private sealed record Entry(int Failures, DateTimeOffset LockedUntil, DateTimeOffset LastSeen);

    public bool IsLockedOut(string name)
    {
        lock (_gate)
            return _names.TryGetValue(name, out var entry) && entry.LockedUntil > time.GetUtcNow();
    }

    /// <summary>Counts a failed sign-in for <paramref name="name"/>; true when this failure locks it out.</summary>
    public bool RecordFailure(string name)
    {
        var now = time.GetUtcNow();
        var lockout = identity.Value.Lockout;
        lock (_gate)
        {
            if (!_names.TryGetValue(name, out var entry))
            {
                if (_names.Count >= MaxNames)
                    _names.Remove(_names.MinBy(pair => pair.Value.LastSeen).Key);
                entry = new Entry(0, DateTimeOffset.MinValue, now);
            }
            var failures = entry.Failures + 1;
            var locks = failures >= lockout.MaxFailedAccessAttempts;
            // As Identity does for an account: the count starts again once the lockout is set.
            _names[name] = locks
                ? new Entry(0, now + lockout.DefaultLockoutTimeSpan, now)
                : entry with { Failures = failures, LastSeen = now };
            return locks;
        }
    }
}
