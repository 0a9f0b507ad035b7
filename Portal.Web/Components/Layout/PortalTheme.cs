using MudBlazor;

namespace Portal.Web.Components.Layout;

internal static class PortalTheme
{
    // System fonts only: the portal loads nothing from third-party hosts.
    private static readonly string[] FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Arial", "sans-serif"];

    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1e6b8a",
            Secondary = "#d9822b",
            AppbarBackground = "#1e6b8a",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#6fb3cf",
            Secondary = "#f0a45a",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = FontFamily },
        },
    };
}
