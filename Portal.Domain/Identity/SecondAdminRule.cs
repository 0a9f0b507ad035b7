namespace Portal.Domain.Identity;

/// <summary>
/// How a platform admin stands right now, read from the database inside the deciding write transaction, never from a
/// signed-in session (whose roles may be minutes old). <see cref="GrantedAt"/> null: an admin from before grants were
/// recorded (seeded), granted by nobody at the dawn of time.
/// </summary>
public sealed record AdminStanding(bool HoldsRole, DateTimeOffset? GrantedAt)
{
    public static AdminStanding None { get; } = new(false, null);

    public static AdminStanding Seeded { get; } = new(true, null);
}

/// <summary>The two admins of a two-admin step, as the database has them now: the one who started it and the one confirming.</summary>
public sealed record AdminPair(string FirstId, bool FirstHoldsRole, string SecondId, AdminStanding Second, AdminLineage Lineage);

/// <summary>
/// The second of two admins must be independent of the first, or one person could act as both. The second must hold
/// the role now and must have held it before the first acted (an account made an admin afterwards may have been made
/// for the purpose); the first must still hold it (a removed admin's request is not carried out by someone else); and
/// the two must be of different lines (<see cref="AdminLineage"/>). Used for threshold changes and for grants of the role.
/// </summary>
public static class SecondAdminRule
{
    /// <summary>For any admin step taken from a session opened before the role was removed.</summary>
    public const string NoLongerAdmin = "You are no longer a platform admin, so this was not done. Sign out and in again to see what you can do now.";

    /// <summary>Null when the pair's second admin may confirm what the first started at <paramref name="startedAt"/>.</summary>
    /// <param name="what">What is confirmed, as a noun phrase: "this change", "this grant".</param>
    public static string? Refusal(AdminPair pair, DateTimeOffset startedAt, string what)
    {
        if (!pair.Second.HoldsRole)
            return $"You are no longer a platform admin, so you cannot confirm {what}. Sign out and in again to see what you can do now.";
        if (!pair.FirstHoldsRole)
            return $"The admin who asked for {what} is no longer a platform admin, so nobody can confirm it now.";
        if (pair.Second.GrantedAt is { } granted && granted > startedAt)
            return $"You became a platform admin after {what} was asked for, so you cannot confirm it: " +
                "an admin who held the role before then confirms it.";
        if (pair.Lineage.Linked(pair.FirstId, pair.SecondId))
            return $"Your admin role and that of the admin who asked for {what} go back, request by request, to the same first " +
                "admin, so the portal cannot count you as two people: an admin whose role goes back to another first admin " +
                "(one seeded at the start or added by the server's operator) confirms it.";
        return null;
    }
}
