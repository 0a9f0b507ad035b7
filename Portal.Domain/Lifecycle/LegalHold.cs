namespace Portal.Domain.Lifecycle;

/// <summary>What a legal hold covers.</summary>
public enum HoldScope
{
    Organisation,
    Case,
    Gallery,
}

/// <summary>
/// An order to keep data past its schedule (a court order, an investigation). Placed by one platform admin,
/// confirmed by another; released the same way. Held data is skipped by purges, and each skip is recorded.
/// Every "By" holds a user id.
/// </summary>
public sealed class LegalHold
{
    public const int MaxReasonLength = 2000;
    public const int MaxReferenceLength = 200;

    public Guid Id { get; init; } = Guid.NewGuid();
    public HoldScope Scope { get; init; }

    /// <summary>The organisation, case or gallery held.</summary>
    public Guid TargetId { get; init; }

    /// <summary>The organisation the target belongs to (the target itself for an organisation hold).</summary>
    public Guid OrganisationId { get; init; }

    public required string Reason { get; init; }

    /// <summary>The order or request it follows, e.g. a court order's number.</summary>
    public required string Reference { get; init; }

    /// <summary>When the hold must be looked at again; past it the hold is flagged, not released.</summary>
    public DateTimeOffset ReviewDate { get; set; }

    public required string PlacedBy { get; init; }
    public DateTimeOffset PlacedAt { get; init; }
    public string? ConfirmedBy { get; set; }
    public DateTimeOffset? ConfirmedAt { get; set; }
    public string? ReleaseRequestedBy { get; set; }
    public DateTimeOffset? ReleaseRequestedAt { get; set; }
    public string? ReleaseReason { get; set; }
    public string? ReleaseConfirmedBy { get; set; }
    public DateTimeOffset? ReleasedAt { get; set; }
}

public static class HoldScopeLabels
{
    public static string Label(this HoldScope scope) => scope switch
    {
        HoldScope.Organisation => "Organisation",
        HoldScope.Case => "Case",
        HoldScope.Gallery => "Gallery",
        _ => scope.ToString(),
    };
}
