namespace Portal.Domain.Review;

/// <summary>One person's decision on one candidate, kept for good: the record behind a confirmed lead.</summary>
public sealed class ReviewDecision
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public Guid CandidateId { get; init; }
    public Guid OrganisationId { get; init; }
    public required string ReviewerId { get; init; }
    public required string ReviewerName { get; init; }
    public ReviewVerdict Verdict { get; init; }
    public ReviewStage Stage { get; init; }

    /// <summary>False for an inconclusive look: it moved nothing.</summary>
    public bool Counted { get; init; }

    public string Note { get; init; } = "";
    public DateTimeOffset DecidedAt { get; init; }
}
