namespace Portal.Domain.Identity;

/// <summary>
/// Which platform admins may be one person. Every grant that took effect joins the admin who asked for it and the
/// grantee into one <b>line</b>, transitively and for good (revoked grants too): whoever asks for an account's role may
/// have made that account for themselves, and a second admin confirming the request cannot tell. So A's grantees, their
/// grantees and A are one line, however many honest admins confirmed along the way; a confirmer's hand joins nothing (it
/// vouches, it does not create). A line starts at an admin nobody asked for: one seeded at first start (or before grants
/// were recorded) or one made by the server's operator (<see cref="AdminGrant.ByOperator"/>). Two admins can only be
/// counted as two people when their lines differ (docs/adr-0012).
/// </summary>
public sealed class AdminLineage
{
    private readonly Dictionary<string, string> _parent = new(StringComparer.Ordinal);

    public static AdminLineage Empty { get; } = new();

    public static AdminLineage Of(IEnumerable<AdminGrant> grants)
    {
        var lineage = new AdminLineage();
        foreach (var grant in grants.Where(g => g.State == AdminGrantState.Granted && g.RequestedBy != AdminGrant.ByOperator))
            lineage.Link(grant.RequestedBy, grant.UserId);
        return lineage;
    }

    /// <summary>Whether the two accounts are of one line (an account is of its own).</summary>
    public bool Linked(string first, string second) => Root(first) == Root(second);

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
