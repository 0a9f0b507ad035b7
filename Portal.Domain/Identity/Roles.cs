namespace Portal.Domain.Identity;

/// <summary>The three roles of the portal. A user may hold several.</summary>
public static class Roles
{
    public const string PlatformAdmin = nameof(PlatformAdmin);
    public const string PartnerStaff = nameof(PartnerStaff);
    public const string Reviewer = nameof(Reviewer);

    public static IReadOnlyList<string> All { get; } = [PlatformAdmin, PartnerStaff, Reviewer];

    /// <summary>Roles that only make sense inside one partner organisation.</summary>
    public static IReadOnlyList<string> OrganisationBound { get; } = [PartnerStaff, Reviewer];

    /// <summary>A role as a person reads it; the constant's own name ("PartnerStaff") is never shown.</summary>
    public static string Label(string role) => role switch
    {
        PlatformAdmin => "Platform admin",
        PartnerStaff => "Partner staff",
        Reviewer => "Reviewer",
        _ => role,
    };

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);
}
