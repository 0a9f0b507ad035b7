namespace Portal.Domain.Organisations;

/// <summary>
/// The vetting state machine: Applied → UnderReview → Approved | Rejected, and Approved ⇄ Suspended.
/// Nothing else is allowed; in particular a rejected application stays rejected (the organisation applies anew).
/// </summary>
public static class OrganisationLifecycle
{
    private static readonly Dictionary<OrganisationStatus, OrganisationStatus[]> Allowed = new()
    {
        [OrganisationStatus.Applied] = [OrganisationStatus.UnderReview],
        [OrganisationStatus.UnderReview] = [OrganisationStatus.Approved, OrganisationStatus.Rejected],
        [OrganisationStatus.Approved] = [OrganisationStatus.Suspended],
        [OrganisationStatus.Suspended] = [OrganisationStatus.Approved],
        [OrganisationStatus.Rejected] = [],
    };

    public static bool CanMove(OrganisationStatus from, OrganisationStatus to) => Allowed[from].Contains(to);

    public static IReadOnlyList<OrganisationStatus> NextStates(OrganisationStatus from) => Allowed[from];

    /// <summary>The status as a person reads it; the enum's own name ("UnderReview") is never shown.</summary>
    public static string Label(OrganisationStatus status) => status switch
    {
        OrganisationStatus.Applied => "Applied",
        OrganisationStatus.UnderReview => "Under review",
        OrganisationStatus.Approved => "Approved",
        OrganisationStatus.Suspended => "Suspended",
        OrganisationStatus.Rejected => "Rejected",
        _ => status.ToString(),
    };

    /// <summary>The verb an admin sees for a move, as on the approval buttons.</summary>
    public static string Verb(OrganisationStatus from, OrganisationStatus to) => (from, to) switch
    {
        (OrganisationStatus.Applied, OrganisationStatus.UnderReview) => "Start review",
        (_, OrganisationStatus.Approved) when from == OrganisationStatus.Suspended => "Reinstate",
        (_, OrganisationStatus.Approved) => "Approve",
        (_, OrganisationStatus.Rejected) => "Reject",
        (_, OrganisationStatus.Suspended) => "Suspend",
        _ => $"Move to {to}",
    };
}
