using Portal.Domain.Common;
using Portal.Domain.Organisations;

namespace Portal.Domain.Moratoria;

/// <summary>What an admin enters to create or edit a moratorium. Checked before anything is stored.</summary>
public sealed record MoratoriumDraft(
    string Title,
    IReadOnlyList<Sector> Sectors,
    IReadOnlyList<MoratoriumExemption> Exemptions,
    DateTimeOffset StartsAt,
    DateTimeOffset? EndsAt,
    string PublicStatement)
{
    /// <summary>Every problem, each as a sentence an admin can act on; empty when the draft is sound.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Title))
            problems.Add("Give the moratorium a title.");
        if (Sectors.Count == 0)
            problems.Add("Choose at least one sector to block.");
        else if (!DefinedValues.AreDefined(Sectors))
            problems.Add("Choose sectors from the list.");
        if (EndsAt is { } end && end <= StartsAt)
            problems.Add("The end must be after the start.");
        if (string.IsNullOrWhiteSpace(PublicStatement))
            problems.Add("Write the public statement: it is published on /moratoria.");
        if (Exemptions.Any(e => string.IsNullOrWhiteSpace(e.Reason)))
            problems.Add("Give a reason for every exemption.");
        if (Exemptions.GroupBy(e => e.OrganisationId).Any(g => g.Count() > 1))
            problems.Add("An organisation can be exempted only once.");
        return problems;
    }
}
