namespace Portal.Infrastructure.Common;

/// <summary>
/// The system clock, to whole microseconds: the precision PostgreSQL's timestamptz keeps. An instant taken here
/// reads back from either database exactly as it was written, so what was hashed (the audit chain hashes its
/// timestamps' ticks) or compared in memory is what is stored.
/// </summary>
internal sealed class MicrosecondClock : TimeProvider
{
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMicrosecond;

    public override DateTimeOffset GetUtcNow()
    {
        var now = base.GetUtcNow();
        return now.AddTicks(-(now.UtcTicks % TicksPerMicrosecond));
    }
}
