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
        new("Users", "/admin/users", Icons.Material.Filled.People, Policies.AdminArea, Administration),
    ];
}
