using Portal.Domain.Organisations;

namespace Portal.Domain.Moratoria;

/// <summary>
/// A period during which whole sectors may not search. Start inclusive, end exclusive; no end means
/// "until further notice". Every change is kept as a revision with who, when and why.
/// </summary>
public sealed class Moratorium
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public required string Title { get; set; }
    public List<Sector> Sectors { get; set; } = [];
    public List<MoratoriumExemption> Exemptions { get; set; } = [];
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset? EndsAt { get; set; }
    public string PublicStatement { get; set; } = "";
    public List<MoratoriumRevision> Revisions { get; init; } = [];

    /// <summary>When open sessions of the organisations it blocks were ended because it began.</summary>
    public DateTimeOffset? ActivationStampedAt { get; set; }

    public bool IsActiveAt(DateTimeOffset instant) => StartsAt <= instant && (EndsAt is null || instant < EndsAt);

    public bool Blocks(Guid organisationId, Sector sector, DateTimeOffset instant) =>
        IsActiveAt(instant) && Covers(organisationId, sector);

    /// <summary>Whether it applies to the organisation at all (its sector, no exemption), whenever it is in force.</summary>
    public bool Covers(Guid organisationId, Sector sector) =>
        Sectors.Contains(sector) && Exemptions.All(e => e.OrganisationId != organisationId);

    public MoratoriumPhase PhaseAt(DateTimeOffset instant) =>
        instant < StartsAt ? MoratoriumPhase.Upcoming : IsActiveAt(instant) ? MoratoriumPhase.Active : MoratoriumPhase.Past;
}

public enum MoratoriumPhase
{
    Upcoming,
    Active,
    Past,
}

/// <summary>An organisation a moratorium does not apply to, and why.</summary>
public sealed class MoratoriumExemption
{
    public Guid OrganisationId { get; init; }
    public required string Reason { get; init; }
}

/// <summary>One change to a moratorium: what changed, by whom, when and why.</summary>
public sealed class MoratoriumRevision
{
    public long Id { get; set; }
    public Guid MoratoriumId { get; init; }
    public DateTimeOffset At { get; init; }
    public required string Actor { get; init; }
    public required string Change { get; init; }
    public required string Reason { get; init; }
}
