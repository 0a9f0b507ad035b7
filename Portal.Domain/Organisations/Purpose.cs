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

    /// <summary>
    /// The one name of a purpose, wherever a person reads it: the application form, the approval, the case form,
    /// case lists, exports and audit details. These are the words applicants chose from, so a case never
    /// calls a purpose something else than the application did.
    /// </summary>
    public static string Label(this Purpose purpose) => purpose switch
    {
        Purpose.MissingChild => "Finding missing children",
        Purpose.TraffickingVictim => "Finding trafficking victims",
        Purpose.DisasterReunification => "Reuniting families after disasters",
        Purpose.UnidentifiedDeceased => "Identifying unidentified deceased",
        _ => purpose.ToString(),
    };

    public static string LabelAll(Purpose purposes) =>
        purposes == Purpose.None ? "none" : string.Join(", ", Split(purposes).Select(Label));
}
