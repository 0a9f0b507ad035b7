namespace Portal.Domain.Organisations;

/// <summary>
/// Whether an organisation's work may run: only an approved organisation's does. The held-work reason is the same
/// for the worker's last check and the sweep, so a job held either way reads alike.
/// </summary>
public static class OrganisationStanding
{
    /// <summary>Why work of an organisation with this status is held; null when it may run.</summary>
    public static string? HoldReason(OrganisationStatus status) => status switch
    {
        OrganisationStatus.Approved => null,
        OrganisationStatus.Suspended => "organisation suspended (until a platform admin reinstates it)",
        _ => $"organisation not approved ({status})",
    };
}
