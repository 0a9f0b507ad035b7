using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Portal.Infrastructure.Options;

namespace Portal.Infrastructure.Uploads;

/// <summary>How many photos one person may upload per window; a fixed window per user, in this process.</summary>
public sealed class UploadRateLimiter(IOptions<UploadOptions> options, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    /// <summary>Takes one permit for <paramref name="userId"/>; false when the window's allowance is spent.</summary>
    public bool TryTake(string userId)
    {
        var now = timeProvider.GetUtcNow();
        var window = _windows.AddOrUpdate(userId,
            _ => new Window(now, 1),
            (_, current) => now - current.Start >= options.Value.RateWindow ? new Window(now, 1) : current with { Used = current.Used + 1 });
        return window.Used <= options.Value.FilesPerUserPerWindow;
    }

    private sealed record Window(DateTimeOffset Start, int Used);
}
