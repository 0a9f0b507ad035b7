namespace Portal.Domain.Auditing;

/// <summary>
/// Counts anonymous events per (kind, target, address) for one window. Memory is bounded: past
/// <c>maxKeys</c> distinct keys, further addresses are folded into one "other addresses" count per kind,
/// so rotating addresses grows neither memory nor the log.
/// </summary>
public sealed class AnonymousEventTally(int maxKeys)
{
    private const int SampleLength = 64;
    private readonly Lock _lock = new();
    private Dictionary<(string Action, string Target, string Address), AnonymousSummary> _counts = [];
    private Dictionary<(string Action, string What), AnonymousSummary> _overflow = [];

    public void Add(AnonymousEvent e, DateTimeOffset at)
    {
        lock (_lock)
        {
            var key = (e.Action, e.Target, e.Address);
            if (_counts.TryGetValue(key, out var known))
                _counts[key] = known.Counted(at);
            else if (_counts.Count < maxKeys)
                _counts[key] = new AnonymousSummary(e.Action, e.Target, e.Address, e.What, 1, at, at, Clip(e.Sample));
            else
            {
                var other = (e.Action, e.What);
                _overflow[other] = _overflow.TryGetValue(other, out var folded)
                    ? folded.Counted(at)
                    : new AnonymousSummary(e.Action, "address:other", null, e.What, 1, at, at, null);
            }
        }
    }

    /// <summary>Everything counted since the last call, oldest first; the tally starts the next window empty.</summary>
    public IReadOnlyList<AnonymousSummary> TakeAll()
    {
        Dictionary<(string, string, string), AnonymousSummary> counts;
        Dictionary<(string, string), AnonymousSummary> overflow;
        lock (_lock)
        {
            (counts, _counts) = (_counts, []);
            (overflow, _overflow) = (_overflow, []);
        }
        return counts.Values.Concat(overflow.Values).OrderBy(s => s.First).ToList();
    }

    private static string? Clip(string? sample) =>
        sample is null ? null : sample.Length <= SampleLength ? sample : sample[..SampleLength] + "…";
}
