namespace Portal.Domain.Transparency;

/// <summary>A calendar quarter in UTC: the period the transparency report counts in.</summary>
public readonly record struct Quarter(int Year, int Number) : IComparable<Quarter>
{
    public DateTimeOffset Start => new(Year, (Number - 1) * 3 + 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The start of the next quarter (exclusive).</summary>
    public DateTimeOffset End => Start.AddMonths(3);

    public Quarter Previous => Number == 1 ? new Quarter(Year - 1, 4) : new Quarter(Year, Number - 1);

    /// <summary>As people and the downloads write it: "2026 Q3".</summary>
    public string Label => $"{Year} Q{Number}";

    public static Quarter Of(DateTimeOffset instant)
    {
        var utc = instant.UtcDateTime;
        return new Quarter(utc.Year, (utc.Month - 1) / 3 + 1);
    }

    /// <summary>The last <paramref name="count"/> quarters up to and including the one holding <paramref name="now"/>, oldest first.</summary>
    public static IReadOnlyList<Quarter> LastUpTo(DateTimeOffset now, int count)
    {
        var quarters = new List<Quarter> { Of(now) };
        while (quarters.Count < count)
            quarters.Add(quarters[^1].Previous);
        quarters.Reverse();
        return quarters;
    }

    /// <summary>
    /// How long after its end a quarter is published. Its figures are stored once (and never recomputed), so nothing may
    /// still land in it then: a write stamped a moment before the end can commit a moment after it, and the clocks of
    /// several processes disagree by seconds. A day is far more than either.
    /// </summary>
    public static readonly TimeSpan PublicationDelay = TimeSpan.FromDays(1);

    /// <summary>
    /// The last <paramref name="count"/> quarters that ended at least <see cref="PublicationDelay"/> before
    /// <paramref name="now"/>, oldest first. What is published: a quarter's figures appear once, after it has ended, and
    /// never change while the next one runs, so nobody can compare two snapshots a few minutes apart and single out one
    /// organisation's action hidden under "&lt; 5".
    /// </summary>
    public static IReadOnlyList<Quarter> LastCompleted(DateTimeOffset now, int count) => LastUpTo(Of(now - PublicationDelay).Previous.Start, count);

    public int CompareTo(Quarter other) => (Year, Number).CompareTo((other.Year, other.Number));

    public override string ToString() => Label;
}
