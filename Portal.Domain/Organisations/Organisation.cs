namespace Portal.Domain.Organisations;

/// <summary>A partner organisation. Only an approved one may search.</summary>
public sealed class Organisation
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public required string Name { get; set; }
    public Sector Sector { get; set; }
    public OrganisationStatus Status { get; set; } = OrganisationStatus.Applied;
    public DateTimeOffset CreatedAt { get; init; }

    public bool IsApproved => Status == OrganisationStatus.Approved;
}
