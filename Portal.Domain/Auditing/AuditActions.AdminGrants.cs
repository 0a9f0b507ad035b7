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
    public const string AdminGrantExpired = "admin-grant.expired";

    /// <summary>The role granted on the server by the operator's <c>admin grant</c> command: the root of two-admin trust.</summary>
    public const string AdminGrantedByOperator = "admin-grant.granted-by-operator";

    /// <summary>The first admin's grant, written when they are seeded on a portal that never had an admin: vetted.</summary>
    public const string AdminGrantedFirstAdmin = "admin-grant.first-admin";

    /// <summary>An admin from before grants were recorded, given a row at start-up: made in the portal, so not vetted.</summary>
    public const string AdminGrantRecordedAfterwards = "admin-grant.recorded-afterwards";

    /// <summary>An account change refused because the admin asking no longer holds the role (a stale session).</summary>
    public const string UserChangeRefused = "user.change-refused";
}
