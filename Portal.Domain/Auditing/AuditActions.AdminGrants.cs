namespace Portal.Domain.Auditing;

/// <summary>Grants of the platform admin role: asked for by one admin, confirmed or cancelled by another; at once only
/// where a single admin exists. Removal stays <see cref="RolesChanged"/>. Ids only in the chain.</summary>
public static partial class AuditActions
{
    public const string AdminGrantRequested = "admin-grant.requested";
    public const string AdminGrantConfirmed = "admin-grant.confirmed";
    public const string AdminGrantCancelled = "admin-grant.cancelled";
    public const string AdminGrantedAtOnce = "admin-grant.granted-at-once";
    public const string AdminGrantRefused = "admin-grant.refused";

    /// <summary>An account change refused because the admin asking no longer holds the role (a stale session).</summary>
    public const string UserChangeRefused = "user.change-refused";
}
