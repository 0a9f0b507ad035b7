using MudBlazor;
using Portal.Web.Authorization;

namespace Portal.Web.Components.Layout;

/// <summary>One link of the navigation, shown only to users who satisfy its policy.</summary>
public sealed record NavigationItem(string Title, string Href, string Icon, string? Policy, string Group);

/// <summary>The portal's navigation in one place, so the menu and the tests read the same list.</summary>
public static class NavigationItems
{
    public const string General = "General";
    public const string Administration = "Administration";

    public static IReadOnlyList<NavigationItem> All { get; } =
    [
        new("Home", "/", Icons.Material.Filled.Home, null, General),
        new("Cases", "/cases", Icons.Material.Filled.PersonSearch, Policies.PartnerStaff, General),
        new("Galleries", "/galleries", Icons.Material.Filled.PhotoLibrary, Policies.PartnerStaff, General),
        new("Review", "/review", Icons.Material.Filled.FactCheck, Policies.Reviewer, General),
        new("Your organisation", "/organisation", Icons.Material.Filled.Groups, Policies.OrganisationAdmin, General),
        new("Trash", "/organisation/trash", Icons.Material.Filled.RestoreFromTrash, Policies.OrganisationAdmin, General),
        new("Deletion requests", "/deletion-requests", Icons.Material.Filled.PersonRemove, Policies.OrganisationAdmin, General),
        new("Deletion certificates", "/certificates", Icons.Material.Filled.Verified, Policies.OrganisationAdmin, General),
        new("Partner approvals", "/admin/partners", Icons.Material.Filled.VerifiedUser, Policies.AdminArea, Administration),
        new("Queue", "/admin/queue", Icons.Material.Filled.Queue, Policies.AdminArea, Administration),
        new("Gallery sharing", "/admin/galleries", Icons.Material.Filled.Share, Policies.AdminArea, Administration),
        new("Thresholds", "/admin/thresholds", Icons.Material.Filled.Tune, Policies.AdminArea, Administration),
        new("Evaluation sets", "/admin/evaluations", Icons.Material.Filled.Rule, Policies.AdminArea, Administration),
        new("Disputed candidates", "/admin/disputes", Icons.Material.Filled.Gavel, Policies.AdminArea, Administration),
        new("Operational accuracy", "/admin/accuracy", Icons.Material.Filled.Insights, Policies.AdminArea, Administration),
        new("Audit log", "/admin/audit", Icons.Material.Filled.ManageSearch, Policies.AdminArea, Administration),
        new("Moratorium schedule", "/admin/moratoria", Icons.Material.Filled.Block, Policies.AdminArea, Administration),
        new("Retention schedule", "/admin/retention", Icons.Material.Filled.AutoDelete, Policies.AdminArea, Administration),
        new("Legal holds", "/admin/holds", Icons.Material.Filled.Lock, Policies.AdminArea, Administration),
        new("Deletion requests", "/deletion-requests", Icons.Material.Filled.PersonRemove, Policies.AdminArea, Administration),
        new("Deletion certificates", "/certificates", Icons.Material.Filled.Verified, Policies.AdminArea, Administration),
        new("Users", "/admin/users", Icons.Material.Filled.People, Policies.AdminArea, Administration),
        new("Outgoing mail", "/admin/mail", Icons.Material.Filled.Mail, Policies.AdminArea, Administration),
    ];

    /// <summary>
    /// A link lights up for its pages below it too, unless another link of the menu is one of them ("Your organisation"
    /// and "Trash" under it): then only its own page, so one page never lights two links.
    /// </summary>
    public static Microsoft.AspNetCore.Components.Routing.NavLinkMatch MatchOf(NavigationItem item) =>
        All.Any(other => other.Href.StartsWith(item.Href + "/", StringComparison.Ordinal))
            ? Microsoft.AspNetCore.Components.Routing.NavLinkMatch.All
            : Microsoft.AspNetCore.Components.Routing.NavLinkMatch.Prefix;
}
