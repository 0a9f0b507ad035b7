namespace Portal.Domain.Identity;

/// <summary>
/// How a platform admin stands right now, read from the database inside the deciding write transaction, never from a
/// signed-in session (whose roles may be minutes old). <see cref="GrantedAt"/> null: an admin from before grants were
/// recorded (seeded), granted by nobody at the dawn of time.
/// </summary>
public sealed record AdminStanding(bool HoldsRole, DateTimeOffset? GrantedAt, string? RequestedBy, string? ConfirmedBy)
{
    public static AdminStanding None { get; } = new(false, null, null, null);

    public static AdminStanding Seeded { get; } = new(true, null, null, null);

    public static AdminStanding Of(AdminGrant grant) => new(true, grant.GrantedAt, grant.RequestedBy, grant.ConfirmedBy);

    public bool GrantedWithHandOf(string userId) => RequestedBy == userId || ConfirmedBy == userId;
}

/// <summary>
/// The second of two admins must be independent of the first, or one person could act as both: they must hold the role
/// now, must have held it before the first admin acted (an account made an admin afterwards may have been made for the
/// purpose), and must not owe the role to the first admin (a sock-puppet). Used for threshold changes and for grants of
/// the role itself.
/// </summary>
public static class SecondAdminRule
{
    /// <summary>For any admin step taken from a session opened before the role was removed.</summary>
    public const string NoLongerAdmin = "You are no longer a platform admin, so this was not done. Sign out and in again to see what you can do now.";

    /// <summary>Null when <paramref name="second"/> may confirm what <paramref name="firstAdminId"/> started at <paramref name="startedAt"/>.</summary>
    /// <param name="what">What is confirmed, as a noun phrase: "this change", "this grant".</param>
    public static string? Refusal(AdminStanding second, string firstAdminId, DateTimeOffset startedAt, string what)
    {
        if (!second.HoldsRole)
            return $"You are no longer a platform admin, so you cannot confirm {what}. Sign out and in again to see what you can do now.";
        if (second.GrantedAt is { } granted && granted > startedAt)
            return $"You became a platform admin after {what} was asked for, so you cannot confirm it: " +
                "an admin who held the role before then confirms it.";
        if (second.GrantedWithHandOf(firstAdminId))
            return $"The admin who asked for {what} also made you a platform admin, so you cannot confirm it: " +
                "another platform admin confirms it.";
        return null;
    }
}
