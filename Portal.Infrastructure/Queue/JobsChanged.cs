namespace Portal.Infrastructure.Queue;

/// <summary>Published when jobs change state or progress; null organisation means "possibly any".</summary>
public sealed record JobsChanged(Guid? OrganisationId);
