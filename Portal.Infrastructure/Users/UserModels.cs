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
