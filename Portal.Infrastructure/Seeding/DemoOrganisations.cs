using Portal.Domain.Identity;
using Portal.Domain.Organisations;

namespace Portal.Infrastructure.Seeding;

/// <summary>The demo partners: three approved nonprofits and one police department (blocked by the demo moratorium).</summary>
internal static class DemoOrganisations
{
    public sealed record DemoOrganisation(string Name, Sector Sector, string Domain, string Country, Purpose Purposes);

    public sealed record DemoUser(string LocalPart, string DisplayName, string Role);

    public static IReadOnlyList<DemoOrganisation> All { get; } =
    [
        new("Thorn", Sector.ChildProtectionNonprofit, "thorn.example", "United States",
            Purpose.MissingChild | Purpose.TraffickingVictim),
        new("International Centre for Missing & Exploited Children", Sector.ChildProtectionNonprofit, "icmec.example", "United States",
            Purpose.MissingChild | Purpose.TraffickingVictim),
        new("Marinus Analytics", Sector.AntiTraffickingNonprofit, "marinus.example", "United States", Purpose.TraffickingVictim),
        new("Metro City Police Department", Sector.LawEnforcement, "metropd.example", "United States",
            Purpose.MissingChild | Purpose.TraffickingVictim),
    ];

    public static IReadOnlyList<DemoUser> UsersPerOrganisation { get; } =
    [
        new("staff", "Staff member", Roles.PartnerStaff),
        new("reviewer", "Reviewer", Roles.Reviewer),
        // The two-person rule needs a second pair of eyes in every organisation.
        new("reviewer2", "Second reviewer", Roles.Reviewer),
    ];
}
