namespace Portal.Domain.Auditing;

/// <summary>
/// One row of the append-only audit chain. <see cref="Hash"/> covers every other field,
/// including <see cref="PreviousHash"/>, so altering or removing any row breaks the chain from there on.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    /// <summary>Position in the chain, 1-based and gap-free; unique in the database so two writers cannot fork it.</summary>
    public long Sequence { get; init; }

    public DateTimeOffset Timestamp { get; init; }
    public required string Actor { get; init; }
    public required string Action { get; init; }
    public required string Target { get; init; }
    public required string Details { get; init; }
    public Guid? OrganisationId { get; init; }
    public required string PreviousHash { get; init; }
    public required string Hash { get; init; }
}
