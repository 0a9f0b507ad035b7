namespace Portal.Domain.Organisations;

/// <summary>What a search may be for. An organisation requests purposes; the platform grants a subset.</summary>
[Flags]
public enum Purpose
{
    None = 0,
    MissingChild = 1,
    TraffickingVictim = 2,
    DisasterReunification = 4,
    UnidentifiedDeceased = 8,
}

public static class Purposes
{
    public static IReadOnlyList<Purpose> All { get; } =
        [Purpose.MissingChild, Purpose.TraffickingVictim, Purpose.DisasterReunification, Purpose.UnidentifiedDeceased];

    public static IReadOnlyList<Purpose> Split(Purpose purposes) => All.Where(p => purposes.HasFlag(p)).ToList();

    public static Purpose Combine(IEnumerable<Purpose> purposes) => purposes.Aggregate(Purpose.None, (all, p) => all | p);

    public static string Describe(Purpose purpose) => purpose switch
    {
        Purpose.MissingChild => "Missing child",
        Purpose.TraffickingVictim => "Trafficking victim",
        Purpose.DisasterReunification => "Disaster reunification",
        Purpose.UnidentifiedDeceased => "Unidentified deceased",
        _ => purpose.ToString(),
    };

    public static string DescribeAll(Purpose purposes) =>
        purposes == Purpose.None ? "none" : string.Join(", ", Split(purposes).Select(Describe));
}
