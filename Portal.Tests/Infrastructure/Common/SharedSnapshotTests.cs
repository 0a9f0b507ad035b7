using Microsoft.Extensions.Time.Testing;
using Portal.Infrastructure.Common;

namespace Portal.Tests.Infrastructure.Common;

/// <summary>
/// The public reports' shared value: a failure is shared for about 30 seconds (a flood of visitors during an outage
/// does not recompute on every request), then computed again (the outage's end shows long before the 5 minutes a value is kept).
/// </summary>
public sealed class SharedSnapshotTests
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 6, 1, 9, 0, 0, TimeSpan.Zero));
    private int _computations;
    private bool _failing = true;

    private Task<int> ComputeAsync(CancellationToken cancellationToken)
    {
        var number = Interlocked.Increment(ref _computations);
        return _failing ? Task.FromException<int>(new InvalidOperationException("database gone")) : Task.FromResult(number);
    }

    [Fact]
    public async Task AFailureIsSharedForThirtySecondsThenComputedAgain()
    {
        var snapshot = new SharedSnapshot<int>(ComputeAsync, MaxAge, _clock);

        await Assert.ThrowsAsync<InvalidOperationException>(() => snapshot.GetAsync());
        _clock.Advance(SharedSnapshot<int>.FailureMaxAge - TimeSpan.FromSeconds(1));
        for (var visitor = 0; visitor < 20; visitor++)
            await Assert.ThrowsAsync<InvalidOperationException>(() => snapshot.GetAsync());
        Assert.Equal(1, _computations);

        _failing = false;
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, await snapshot.GetAsync());
        Assert.Equal(SharedSnapshot<int>.FailureMaxAge, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task AValueIsSharedForItsFullAgeNotJustThirtySeconds()
    {
        _failing = false;
        var snapshot = new SharedSnapshot<int>(ComputeAsync, MaxAge, _clock);

        Assert.Equal(1, await snapshot.GetAsync());
        _clock.Advance(MaxAge - TimeSpan.FromSeconds(1));
        Assert.Equal(1, await snapshot.GetAsync());
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, await snapshot.GetAsync());
    }
}
