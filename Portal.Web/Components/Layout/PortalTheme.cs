using MudBlazor;

namespace Portal.Web.Components.Layout;

internal static class PortalTheme
{
    // System fonts only: the portal loads nothing from third-party hosts.
    private static readonly string[] FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Arial", "sans-serif"];

    // Status colours chosen for WCAG 2.1 AA contrast (4.5:1) in both modes, keeping their meaning (warning warm,
    // success green, error red): MudBlazor's defaults put white on bright green (2.2:1) and red (3.7:1), and the
    // outlined warning's orange text on white at 3:1. Light mode: dark hues under white text. Dark mode: light
    // hues under near-black text, which also read as text on the dark surface.
    private const string DarkText = "#121212";

    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1e6b8a",
            Secondary = "#d9822b",
            AppbarBackground = "#1e6b8a",
            Success = "#2e7d32",
            Error = "#c62828",
            Warning = "#9a5b00",
            Info = "#1565c0",
            TextSecondary = "#5f6b76",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#6fb3cf",
            PrimaryContrastText = DarkText,
            Secondary = "#f0a45a",
            // Labels, helper texts and dates: MudBlazor's 50 % white is 4.3:1 on its dark surface.
            TextSecondary = "rgba(255,255,255,0.70)",
            Success = "#81c784",
            SuccessContrastText = DarkText,
            Error = "#ff8a80",
            ErrorContrastText = DarkText,
            Warning = "#ffb74d",
            WarningContrastText = DarkText,
            Info = "#90caf9",
            InfoContrastText = DarkText,
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = FontFamily },
        },
    };
}
