namespace Portal.Infrastructure.Organisations;

/// <summary>Published when an organisation's status changes, so open pages and held work follow at once.</summary>
public sealed record StandingChanged(Guid OrganisationId);
