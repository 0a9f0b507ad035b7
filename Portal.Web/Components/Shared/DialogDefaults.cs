using MudBlazor;

namespace Portal.Web.Components.Shared;

internal static class DialogDefaults
{
    /// <summary>Forms in dialogs: a click outside must not throw away what was typed.</summary>
    public static DialogOptions Form { get; } = new()
    {
        MaxWidth = MaxWidth.Small,
        FullWidth = true,
        BackdropClick = false,
        CloseOnEscapeKey = true,
    };

    /// <summary>A question before an irreversible step: Escape answers "Cancel", as the dialog's own focus suggests.</summary>
    public static DialogOptions Confirmation { get; } = new()
    {
        MaxWidth = MaxWidth.Small,
        FullWidth = true,
        CloseOnEscapeKey = true,
    };
}
