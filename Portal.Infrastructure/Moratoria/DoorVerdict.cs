using Portal.Domain.Moratoria;
using Portal.Domain.Organisations;

namespace Portal.Infrastructure.Moratoria;

/// <summary>
/// What <see cref="MoratoriumGate"/> decided at a door: the organisation's standing and the moratorium decision.
/// A user outside any organisation (a platform admin) passes; the service behind the door decides what they may do.
/// </summary>
public sealed record DoorVerdict(MoratoriumDecision Moratorium, OrganisationStatus? Standing)
{
    public static DoorVerdict Open { get; } = new(MoratoriumDecision.Allowed, null);

    public bool IsRefused => Refusal is not null;

    /// <summary>The sentence shown to the person refused; null when they may pass.</summary>
    public string? Refusal => Standing switch
    {
        null or OrganisationStatus.Approved when !Moratorium.IsBlocked => null,
        null or OrganisationStatus.Approved => $"Refused: your organisation is blocked by {Moratorium.Describe()}.",
        OrganisationStatus.Suspended => "Refused: your organisation's access is suspended; nothing can be searched, uploaded, reviewed or exported until a platform admin reinstates it.",
        _ => $"Refused: your organisation is not approved (it is {Standing}); nothing can be searched, uploaded, reviewed or exported until it is.",
    };
}
