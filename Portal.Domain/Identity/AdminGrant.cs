namespace Portal.Domain.Identity;

public enum AdminGrantState
{
    Pending,
    Granted,
    Cancelled,
}

/// <summary>
/// Who made whom a platform admin, and when: the record the two-admin rules read (<see cref="SecondAdminRule"/>). One
/// admin asks (<see cref="RequestedBy"/>); where two or more admins exist a different one confirms
/// (<see cref="ConfirmedBy"/>); where only one exists the grant takes effect at once and nobody confirms. Removing the
/// role sets <see cref="RevokedAt"/>. An admin without a row in force (seeded before this record existed) counts as
/// granted by nobody, at the dawn of time. Every "By" holds a user id, never an e-mail.
/// </summary>
public sealed class AdminGrant
{
    public Guid Id { get; init; } = Guid.NewGuid();

    /// <summary>The account that becomes (or became) a platform admin.</summary>
    public required string UserId { get; init; }

    public required string RequestedBy { get; init; }
    public DateTimeOffset RequestedAt { get; init; }
    public AdminGrantState State { get; set; }

    /// <summary>The second admin; null for a grant made at once by the only admin there was.</summary>
    public string? ConfirmedBy { get; set; }

    /// <summary>When the role took effect; null while pending or after a cancellation.</summary>
    public DateTimeOffset? GrantedAt { get; set; }

    public string? CancelledBy { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }
    public string? RevokedBy { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}

public static class AdminGrantStates
{
    public static string Label(this AdminGrantState state) => state switch
    {
        AdminGrantState.Pending => "Waiting for a second admin",
        AdminGrantState.Granted => "Granted",
        AdminGrantState.Cancelled => "Cancelled",
        _ => state.ToString(),
    };
}
