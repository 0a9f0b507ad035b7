using Microsoft.Playwright;

namespace Portal.Tests.Support;

/// <summary>Steps many browser tests share.</summary>
public static class PageActions
{
    public static async Task SignInAsync(this IPage page, PortalServer server, string email, string password)
    {
        await page.GotoAsync(server.Url("/Account/Login"));
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.Ordinal));
    }

    /// <summary>Waits until the interactive circuit is up, so clicks reach .NET handlers.</summary>
    public static Task WaitForCircuitAsync(this IPage page) =>
        page.Locator("[data-circuit='ready']").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    /// <summary>Chooses photos in the upload picker once it is usable (enabled from its first interactive render).</summary>
    public static async Task ChoosePhotosAsync(this IPage page, params FilePayload[] files)
    {
        var input = await UsablePickerAsync(page);
        await input.SetInputFilesAsync(files);
    }

    /// <inheritdoc cref="ChoosePhotosAsync(IPage, FilePayload[])"/>
    public static async Task ChoosePhotosAsync(this IPage page, params string[] paths)
    {
        var input = await UsablePickerAsync(page);
        await input.SetInputFilesAsync(paths);
    }

    private static async Task<ILocator> UsablePickerAsync(IPage page)
    {
        var input = page.GetByTestId("photo-input");
        await Assertions.Expect(input).ToBeEnabledAsync();
        return input;
    }

    /// <summary>On a partner's admin page: one status action, its reason, confirmed, and the dialog gone.</summary>
    public static async Task ChangePartnerStatusAsync(this IPage admin, string action, string reason)
    {
        await admin.GetByTestId(action).ClickAsync();
        var dialog = admin.GetByRole(AriaRole.Dialog);
        await dialog.GetByTestId("reason").FillAsync(reason);
        await dialog.GetByTestId("confirm").ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
    }
}
