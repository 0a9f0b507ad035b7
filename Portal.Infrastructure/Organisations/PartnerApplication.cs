using Portal.Domain.Organisations;

namespace Portal.Infrastructure.Organisations;

/// <summary>What an organisation submits on /partners/apply.</summary>
public sealed record PartnerApplication(
    string LegalName,
    Sector Sector,
    string Country,
    string Website,
    string ContactPerson,
    string MissionStatement,
    Purpose RequestedPurposes,
    string AcceptedAgreementVersion,
    string Email,
    string Password);

/// <summary>What an applicant sees of their application.</summary>
public sealed record ApplicationStatusView(
    Guid OrganisationId,
    string OrganisationName,
    OrganisationStatus Status,
    bool EmailConfirmed,
    string Email,
    Purpose RequestedPurposes,
    Purpose GrantedPurposes,
    IReadOnlyList<StatusChangeView> History);

public sealed record StatusChangeView(OrganisationStatus? From, OrganisationStatus To, string Actor, DateTimeOffset At, string Reason);
