using System.Globalization;

namespace Portal.Domain.Auditing;

/// <summary>The anonymous events of one key in one window; <see cref="Address"/> is null for "other addresses".</summary>
public sealed record AnonymousSummary(string Action, string Target, string? Address, string What, long Count,
    DateTimeOffset First, DateTimeOffset Last, string? Sample)
{
    public AnonymousSummary Counted(DateTimeOffset at) =>
        this with { Count = Count + 1, First = at < First ? at : First, Last = at > Last ? at : Last };

    /// <summary>"37 sign-in posts refused by the rate limit from 203.0.113.7 between 2026-11-30 14:06:01 and 14:06:59 UTC".</summary>
    public string Describe()
    {
        var from = Address is null ? "other addresses (beyond this window's cap on distinct addresses)" : Address;
        var first = First.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var last = Last.UtcDateTime.ToString(First.UtcDateTime.Date == Last.UtcDateTime.Date ? "HH:mm:ss" : "yyyy-MM-dd HH:mm:ss",
            CultureInfo.InvariantCulture);
        var sample = Sample is null ? "" : $"; first sent: \"{Sample}\"";
        return $"{Count.ToString(CultureInfo.InvariantCulture)} {What} from {from} between {first} and {last} UTC{sample}";
    }
}
