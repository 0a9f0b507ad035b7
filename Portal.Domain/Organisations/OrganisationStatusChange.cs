namespace Portal.Domain.Organisations;

/// <summary>One step in an organisation's history: who moved it from what to what, when and why.</summary>
public sealed class OrganisationStatusChange
{
    public long Id { get; set; }
    public Guid OrganisationId { get; init; }
    public OrganisationStatus? From { get; init; }
    public OrganisationStatus To { get; init; }
    public required string Actor { get; init; }
    public DateTimeOffset At { get; init; }
    public required string Reason { get; init; }
}
