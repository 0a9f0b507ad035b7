namespace Portal.Domain.Identity;

/// <summary>
/// Who had a hand in making each platform admin, over the whole grant history (revoked grants included: a hand once
/// lent is not forgotten when the role goes). Two relations matter to <see cref="SecondAdminRule"/>:
/// <list type="bullet">
/// <item><b>Linked</b>: joined by grants that took effect at once, with nobody confirming. One person did each of those
/// alone, so the asker and the grantee may be one person with two accounts; the link is transitive (A made B, B made C:
/// all three may be one person), and it lasts for good.</item>
/// <item><b>A hand in</b>: an admin (or anyone linked to them) asked for or confirmed another's grant. Deliberately not
/// transitive: a second, independent admin vouched for the grantee, and chaining hands would soon tie every admin to
/// every other and leave nobody able to confirm anything.</item>
/// </list>
/// Grants by the operator (<see cref="AdminGrant.ByOperator"/>) and admins seeded before grants were recorded link to
/// nobody: the operator of the servers is the root of trust the two-admin rule starts from (docs/adr-0012).
/// </summary>
public sealed class AdminLineage
{
    private readonly Dictionary<string, string> _parent = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _handsIn = new(StringComparer.Ordinal);

    public static AdminLineage Empty { get; } = new();

    public static AdminLineage Of(IEnumerable<AdminGrant> grants)
    {
        var lineage = new AdminLineage();
        foreach (var grant in grants.Where(g => g.State == AdminGrantState.Granted && g.RequestedBy != AdminGrant.ByOperator))
        {
            if (grant.ConfirmedBy is null)
                lineage.Link(grant.RequestedBy, grant.UserId);
            var hands = lineage.HandsIn(grant.UserId);
            hands.Add(grant.RequestedBy);
            if (grant.ConfirmedBy is { } confirmer)
                hands.Add(confirmer);
        }
        return lineage;
    }

    /// <summary>Whether grants made at once join the two accounts (an account is linked to itself).</summary>
    public bool Linked(string first, string second) => Root(first) == Root(second);

    /// <summary>Whether <paramref name="helper"/>, or an account linked to them, asked for or confirmed a grant of <paramref name="grantee"/>.</summary>
    public bool HadHandIn(string helper, string grantee) =>
        _handsIn.TryGetValue(grantee, out var hands) && hands.Any(hand => Linked(hand, helper));

    private HashSet<string> HandsIn(string grantee)
    {
        if (!_handsIn.TryGetValue(grantee, out var hands))
            _handsIn[grantee] = hands = new HashSet<string>(StringComparer.Ordinal);
        return hands;
    }

    private void Link(string first, string second)
    {
        var (a, b) = (Root(first), Root(second));
        if (a != b)
            _parent[a] = b;
    }

    private string Root(string account)
    {
        var root = account;
        while (_parent.TryGetValue(root, out var parent))
            root = parent;
        return root;
    }
}
