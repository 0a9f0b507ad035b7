namespace Portal.Domain.Identity;

public enum AdminGrantState
{
    Pending,
    Granted,
    Cancelled,

    /// <summary>Left pending past <see cref="AdminGrant.Lifetime"/>: closed when noticed, never confirmed.</summary>
    Expired,
}

/// <summary>
/// Who made whom a platform admin, and when: the record the two-admin rules read (<see cref="SecondAdminRule"/>). One
/// admin asks (<see cref="RequestedBy"/>); where two or more admins exist a different one confirms
/// (<see cref="ConfirmedBy"/>); where only one exists the grant takes effect at once and nobody confirms. Removing the
/// role sets <see cref="RevokedAt"/>. An admin without a row in force is not vetted (<see cref="MakesVetted"/>): only a row
/// says who made them. Every "By" holds a user id, never an e-mail.
/// </summary>
public sealed class AdminGrant
{
    /// <summary>
    /// <see cref="RequestedBy"/> of a grant made on the server by the operator's <c>admin grant</c> command: a vetted
    /// admin, who counts as a person of their own (<see cref="AdminStanding.Vetted"/>).
    /// </summary>
    public const string ByOperator = "operator";

    /// <summary>
    /// <see cref="RequestedBy"/> of the row written when the configured first admin is seeded on a portal that never had
    /// one: vetted, like the operator's admins. A first admin seeded before this row existed gets
    /// <see cref="BeforeGrantsWereRecorded"/> at start-up and is re-vetted with <c>admin grant --existing</c>.
    /// </summary>
    public const string FirstAdmin = "first-admin";

    /// <summary>
    /// <see cref="RequestedBy"/> of the row recorded at start-up for an admin made before grants were recorded: made in the
    /// portal by someone, so not vetted. The configured first admin included: the row cannot tell it was never handed around.
    /// </summary>
    public const string BeforeGrantsWereRecorded = "before-grants-were-recorded";

    /// <summary>How long a grant waits for its second admin: as long as a threshold proposal, for the same reason (a forgotten request is not a standing power).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

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

    public DateTimeOffset ExpiresAt => RequestedAt + Lifetime;

    /// <summary>Whether this grant, while in force, makes its holder a vetted admin: only the seeded first admin's and the operator's do.</summary>
    public bool MakesVetted => RequestedBy is FirstAdmin or ByOperator;

    /// <summary>A pending grant past its lifetime, whether or not it has been marked so yet.</summary>
    public bool IsExpiredAt(DateTimeOffset now) => State == AdminGrantState.Expired || (State == AdminGrantState.Pending && now >= ExpiresAt);
}

public static class AdminGrantStates
{
    public static string Label(this AdminGrantState state) => state switch
    {
        AdminGrantState.Pending => "Waiting for a second admin",
        AdminGrantState.Granted => "Granted",
        AdminGrantState.Cancelled => "Cancelled",
        AdminGrantState.Expired => "Expired without a second admin",
        _ => state.ToString(),
    };
}
