using Portal.Domain.Common;
using Portal.Domain.Moratoria;
using Portal.Domain.Organisations;

namespace Portal.Infrastructure.Moratoria;

/// <summary>
/// What <see cref="MoratoriumGate"/> decided at a door: the organisation's standing and the moratorium decision.
/// A user outside any organisation (a platform admin) passes; the service behind the door decides what they may do.
/// </summary>
/// <param name="MembershipChanged">The person's organisation, as the database has it now, is not the one they signed in with.</param>
public sealed record DoorVerdict(MoratoriumDecision Moratorium, OrganisationStatus? Standing, bool MembershipChanged = false)
{
    public static DoorVerdict Open { get; } = new(MoratoriumDecision.Allowed, null);

    public bool IsRefused => Refusal is not null;

    /// <summary>
    /// The refusal as an outcome, null when they may pass: a changed membership is about who the person is
    /// (forbidden); a moratorium or the organisation's standing blocks them for now.
    /// </summary>
    public Outcome? RefusalOutcome => Refusal is not { } message ? null
        : MembershipChanged ? Outcome.Forbidden(message) : Outcome.Blocked(message);

    /// <summary>The sentence shown to the person refused; null when they may pass.</summary>
    public string? Refusal => MembershipChanged
        ? "Refused: your organisation membership changed after you signed in; sign in again to continue."
        : StandingRefusal;

    private string? StandingRefusal => Standing switch
    {
        null or OrganisationStatus.Approved when !Moratorium.IsBlocked => null,
        null or OrganisationStatus.Approved => $"Refused: your organisation is blocked by {Moratorium.Describe()}.",
        OrganisationStatus.Suspended => "Refused: your organisation's access is suspended; nothing can be searched, uploaded, reviewed or exported until a platform admin reinstates it.",
        _ => $"Refused: your organisation is not approved (it is {Standing}); nothing can be searched, uploaded, reviewed or exported until it is.",
    };
}
