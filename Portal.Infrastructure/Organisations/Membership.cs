using Portal.Domain.Organisations;

namespace Portal.Infrastructure.Organisations;

/// <summary>The organisation a user belongs to, as it stands in the database now.</summary>
public sealed record Membership(
    string UserId,
    Guid OrganisationId,
    string OrganisationName,
    Sector Sector,
    OrganisationStatus Status,
    bool IsOrganisationAdmin);
