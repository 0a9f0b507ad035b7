namespace Portal.Infrastructure.Retention;

/// <summary>Published when the platform schedule or an organisation's periods change, so open schedule pages update.</summary>
public sealed record RetentionChanged(Guid? OrganisationId);
