namespace Portal.Domain.Organisations;

public enum OrganisationStatus
{
    Applied,
    UnderReview,
    Approved,
    Rejected,
    Suspended,
}
