namespace Portal.Domain.Organisations;

/// <summary>
/// An invitation to join an organisation as partner staff or reviewer. The link carries a random token;
/// only its hash is stored, so a database reader cannot accept invitations.
/// </summary>
public sealed class Invitation
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(72);

    /// <summary>The lifetime as the invitee and the inviting admin read it, so no message states its own number.</summary>
    public static string LifetimeInWords { get; } = $"{(int)Lifetime.TotalHours} hours";

    /// <summary>What the invitee reads, on the page and after a post, when a link can no longer be accepted.</summary>
    public static string NoLongerValid { get; } =
        $"This invitation link is not valid any more: it was used, revoked or is older than {LifetimeInWords}. Ask your organisation's admin for a new one.";

    public Guid Id { get; init; } = Guid.NewGuid();
    public Guid OrganisationId { get; init; }
    public required string Email { get; init; }
    public required string Role { get; init; }
    public required string TokenHash { get; init; }
    public required string InvitedBy { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    public DateTimeOffset? AcceptedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    public InvitationState StateAt(DateTimeOffset now) =>
        AcceptedAt is not null ? InvitationState.Accepted
        : RevokedAt is not null ? InvitationState.Revoked
        : now >= ExpiresAt ? InvitationState.Expired
        : InvitationState.Open;
}

public enum InvitationState
{
    Open,
    Accepted,
    Revoked,
    Expired,
}
