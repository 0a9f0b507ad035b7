using Portal.Domain.Common;
using Portal.Domain.Organisations;

namespace Portal.Infrastructure.Organisations;

public sealed record OrganisationSummary(
    Guid Id,
    string Name,
    Sector Sector,
    string Country,
    OrganisationStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ApplicationConfirmedAt);

public sealed record OrganisationDetails(
    Guid Id,
    string Name,
    Sector Sector,
    string Country,
    string Website,
    string ContactPerson,
    string MissionStatement,
    Purpose RequestedPurposes,
    Purpose GrantedPurposes,
    OrganisationStatus Status,
    string? DataUseAgreementVersion,
    DateTimeOffset? DataUseAgreementAcceptedAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ApplicationConfirmedAt,
    IReadOnlyList<StatusChangeView> History);

public sealed record MemberView(string UserId, string Email, string DisplayName, IReadOnlyList<string> Roles, bool IsOrganisationAdmin);

public sealed record InvitationView(Guid Id, string Email, string Role, string InvitedBy, DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt, InvitationState State);

/// <summary>Filters of the approvals queue; null means any.</summary>
public sealed record OrganisationFilter(OrganisationStatus? Status, Sector? Sector)
{
    /// <summary>Undefined values (a tampered circuit event) are no filter, never a filter on nonsense.</summary>
    public OrganisationStatus? Status { get; init; } = Status is { } status && DefinedValues.IsDefined(status) ? status : null;

    public Sector? Sector { get; init; } = Sector is { } sector && DefinedValues.IsDefined(sector) ? sector : null;
}
