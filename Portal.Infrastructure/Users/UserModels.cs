namespace Portal.Infrastructure.Users;

public sealed record UserSummary(
    string Id,
    string Email,
    string DisplayName,
    IReadOnlyList<string> Roles,
    Guid? OrganisationId,
    string? OrganisationName,
    bool IsLockedOut,
    bool TwoFactorEnabled);

public sealed record NewUser(
    string Email,
    string DisplayName,
    string Password,
    IReadOnlyList<string> Roles,
    Guid? OrganisationId);

public sealed record OrganisationOption(Guid Id, string Name);

/// <summary>What became of the platform admin role asked for in an account change.</summary>
public enum AdminGrantEffect
{
    /// <summary>Not asked for, or already held.</summary>
    None,
    AtOnce,
    Waiting,
}

/// <summary>
/// A grant of the platform admin role waiting for a second admin, as /admin/users lists it: <see cref="ViewerCannotConfirm"/>
/// says why the viewer has no Confirm button (null: they may confirm); <see cref="NobodyCanConfirm"/> that no admin may.
/// </summary>
public sealed record PendingAdminGrant(Guid Id, string UserId, string UserEmail, string UserName, string RequestedByName,
    DateTimeOffset RequestedAt, DateTimeOffset ExpiresAt, bool RequestedByViewer, string? ViewerCannotConfirm, bool NobodyCanConfirm);

/// <summary>A grant was asked for, confirmed or cancelled: open user pages re-read (relayed to other processes).</summary>
public sealed record AdminGrantsChanged(Guid GrantId);
