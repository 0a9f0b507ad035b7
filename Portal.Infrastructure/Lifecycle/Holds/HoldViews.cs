using Portal.Domain.Lifecycle;

namespace Portal.Infrastructure.Lifecycle.Holds;

/// <summary>Which holds a list shows: in force (confirmed, not released), waiting for a second admin, or released.</summary>
public enum HoldFilter
{
    Active,
    Pending,
    Released,
}

/// <summary>Something a hold can be placed on, as an admin picks it: its id and how it reads (with its organisation).</summary>
public sealed record HoldTarget(Guid Id, string Label);

/// <summary>A hold as the admin page shows it: the row, with its target's and the admins' names resolved.</summary>
public sealed record HoldView(LegalHold Hold, string TargetName, string OrganisationName, string PlacedByName,
    string? ConfirmedByName, string? ReleaseRequestedByName, string? ReleasedByName, bool PastReview);

/// <summary>Published after a hold was placed, confirmed or released, so open hold pages update.</summary>
public sealed record HoldsChanged(Guid HoldId);
