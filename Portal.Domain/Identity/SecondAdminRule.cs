namespace Portal.Domain.Identity;

/// <summary>
/// How a platform admin stands right now, read from the database inside the deciding write transaction, never from a
/// signed-in session (whose roles may be minutes old). <see cref="GrantedAt"/> null: no grant row says when.
/// <see cref="Vetted"/>: the first admin or one the server's operator added, a person the portal may count as one
/// (docs/adr-0012); an admin made in the portal is not, since the portal cannot tell whose account it is, and neither is
/// one without a grant row in force.
/// </summary>
public sealed record AdminStanding(bool HoldsRole, DateTimeOffset? GrantedAt, bool Vetted)
{
    public static AdminStanding None { get; } = new(false, null, false);

    /// <summary>Holds the role with no grant row in force (given behind the portal's back): nothing vouches for them.</summary>
    public static AdminStanding Unrecorded { get; } = new(true, null, false);

    /// <summary>The standing a grant in force gives (null: none recorded).</summary>
    public static AdminStanding Of(AdminGrant? grantInForce) =>
        grantInForce is null ? Unrecorded : new AdminStanding(true, grantInForce.GrantedAt, grantInForce.MakesVetted);
}

/// <summary>The two admins of a two-admin step, as the database has them now: the one who started it and the one confirming.</summary>
public sealed record AdminPair(string FirstId, AdminStanding First, string SecondId, AdminStanding Second);

/// <summary>
/// The second of two admins must be another person, or one person could act as both. The portal sees accounts, not
/// people, and anyone may hold an account made in the portal (the admin who created it chose its password; an
/// invitation or the public form made others), so only <see cref="AdminStanding.Vetted"/> admins count as the second
/// person: the first admin and admins the operator added. The second must also hold the role now and have held it
/// before the step was started (an admin added afterwards may have been added for the purpose), and the first must still
/// hold it. Used for threshold changes and for grants of the role.
/// </summary>
public static class SecondAdminRule
{
    /// <summary>For any admin step taken from a session opened before the role was removed.</summary>
    public const string NoLongerAdmin = "You are no longer a platform admin, so this was not done. Sign out and in again to see what you can do now.";

    /// <summary>Why an admin made in the portal cannot start a step that needs two people.</summary>
    public const string NotVettedToPropose = "You were made a platform admin in the portal, so you cannot propose threshold changes: " +
        "they are proposed and confirmed by the first admin and admins the server's operator added, two different people.";

    /// <summary>Null when the pair's second admin may confirm what the first started at <paramref name="startedAt"/>.</summary>
    /// <param name="what">What is confirmed, as a noun phrase: "this change", "this grant".</param>
    public static string? Refusal(AdminPair pair, DateTimeOffset startedAt, string what)
    {
        if (!pair.Second.HoldsRole)
            return $"You are no longer a platform admin, so you cannot confirm {what}. Sign out and in again to see what you can do now.";
        if (!pair.First.HoldsRole)
            return $"The admin who asked for {what} is no longer a platform admin, so nobody can confirm it now.";
        if (!pair.Second.Vetted)
            return $"You were made a platform admin in the portal, so you cannot be the second admin for {what}: only the first " +
                "admin and admins the server's operator added can, because the portal cannot tell whose account an admin made in it is.";
        if (pair.Second.GrantedAt is { } granted && granted > startedAt)
            return $"You became a platform admin after {what} was asked for, so you cannot confirm it: " +
                "an admin who held the role before then confirms it.";
        return null;
    }
}
