namespace Portal.Domain.Organisations;

public static class Sectors
{
    public static IReadOnlyList<Sector> All { get; } = Enum.GetValues<Sector>();

    public static string Label(this Sector sector) => sector switch
    {
        Sector.ChildProtectionNonprofit => "Child-protection nonprofit",
        Sector.AntiTraffickingNonprofit => "Anti-trafficking nonprofit",
        Sector.HumanitarianReunification => "Humanitarian reunification",
        Sector.Research => "Research",
        Sector.LawEnforcement => "Law enforcement",
        Sector.OtherGovernment => "Other government",
        Sector.Other => "Other",
        _ => sector.ToString(),
    };
}
