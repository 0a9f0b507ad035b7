using Portal.Domain.Moratoria;
using Portal.Domain.Organisations;
using Portal.Web.Components.Shared;

namespace Portal.Web.Components.Moratoria;

/// <summary>The editor's fields, in the admin's local time; turned into a draft (UTC) to check and save.</summary>
public sealed class MoratoriumFormModel
{
    public string Title { get; set; } = "";
    public HashSet<Sector> Sectors { get; set; } = [];
    public List<ExemptionRow> Exemptions { get; set; } = [];
    public DateTime? StartLocal { get; set; }
    public DateTime? EndLocal { get; set; }
    public bool UntilFurtherNotice { get; set; }
    public string PublicStatement { get; set; } = "";
    public string Reason { get; set; } = "";

    public sealed class ExemptionRow
    {
        public Guid? OrganisationId { get; set; }
        public string Reason { get; set; } = "";
    }

    public static MoratoriumFormModel From(Moratorium moratorium, TimeZoneInfo zone) => new()
    {
        Title = moratorium.Title,
        Sectors = [.. moratorium.Sectors],
        Exemptions = moratorium.Exemptions.Select(e => new ExemptionRow { OrganisationId = e.OrganisationId, Reason = e.Reason }).ToList(),
        StartLocal = BrowserTimeZone.ToLocal(moratorium.StartsAt, zone),
        EndLocal = moratorium.EndsAt is { } end ? BrowserTimeZone.ToLocal(end, zone) : null,
        UntilFurtherNotice = moratorium.EndsAt is null,
        PublicStatement = moratorium.PublicStatement,
    };

    /// <summary>The draft, when the start (and the end, unless open-ended) are given.</summary>
    public MoratoriumDraft? ToDraft(TimeZoneInfo zone)
    {
        if (StartLocal is not { } start || (!UntilFurtherNotice && EndLocal is null))
            return null;
        return new MoratoriumDraft(Title, Sectors.ToList(),
            Exemptions.Where(e => e.OrganisationId is not null)
                .Select(e => new MoratoriumExemption { OrganisationId = e.OrganisationId!.Value, Reason = e.Reason }).ToList(),
            BrowserTimeZone.ToInstant(start, zone),
            UntilFurtherNotice ? null : BrowserTimeZone.ToInstant(EndLocal!.Value, zone),
            PublicStatement);
    }

    /// <summary>Every problem that stops a save, in the order the fields appear.</summary>
    public IReadOnlyList<string> Problems(TimeZoneInfo zone)
    {
        var problems = new List<string>();
        if (StartLocal is null)
            problems.Add("Choose when it starts.");
        if (!UntilFurtherNotice && EndLocal is null)
            problems.Add("Choose when it ends, or tick \"until further notice\".");
        if (Exemptions.Any(e => e.OrganisationId is null))
            problems.Add("Choose the organisation of every exemption, or remove the row.");
        if (ToDraft(zone) is { } draft)
            problems.AddRange(draft.Problems());
        else if (string.IsNullOrWhiteSpace(Title))
            problems.Add("Give the moratorium a title.");
        if (string.IsNullOrWhiteSpace(Reason))
            problems.Add("Give a reason: it is kept in the revision history.");
        return problems;
    }
}
