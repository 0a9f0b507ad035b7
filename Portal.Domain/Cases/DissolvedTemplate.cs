namespace Portal.Domain.Cases;

/// <summary>
/// What is kept of a dissolved <see cref="PersonTemplate"/> for the candidates it found, whose reviews go on: the label
/// staff chose and when it was dissolved. A record of its own rather than the template row with a flag, so that nothing
/// that treats templates as live (the search, marking, counts, the review's template photos) needs a filter to skip it.
/// </summary>
public sealed class DissolvedTemplate
{
    /// <summary>The template's id, which its candidates still carry as their template.</summary>
    public Guid Id { get; init; }

    public Guid CaseId { get; init; }
    public Guid OrganisationId { get; init; }

    /// <summary>The template's label; blanked with the case's other text when the case's probe data is purged.</summary>
    public required string Label { get; init; }

    public DateTimeOffset DissolvedAt { get; init; }
}
