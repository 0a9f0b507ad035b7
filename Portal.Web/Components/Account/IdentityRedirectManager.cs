using Microsoft.AspNetCore.Components;

namespace Portal.Web.Components.Account;

/// <summary>Redirects from statically rendered account pages, refusing open redirects.</summary>
internal sealed class IdentityRedirectManager(NavigationManager navigationManager)
{
    public const string StatusCookieName = "Identity.StatusMessage";

    private static readonly CookieBuilder StatusCookieBuilder = new()
    {
        SameSite = SameSiteMode.Strict,
        HttpOnly = true,
        IsEssential = true,
        MaxAge = TimeSpan.FromSeconds(5),
    };

    /// <summary>Redirects to a same-site path; anything else (another site, a malformed value) goes home.</summary>
    public void RedirectTo(string? uri) => navigationManager.NavigateTo(LocalReturnUrl.OrHome(uri));

    public void RedirectTo(string uri, Dictionary<string, object?> queryParameters)
    {
        var uriWithoutQuery = navigationManager.ToAbsoluteUri(LocalReturnUrl.OrHome(uri)).GetLeftPart(UriPartial.Path);
        // Built from a checked path on this site; the parameters are encoded into its query.
        navigationManager.NavigateTo(navigationManager.GetUriWithQueryParameters(uriWithoutQuery, queryParameters));
    }

    public void RedirectToWithStatus(string uri, string message, HttpContext context)
    {
        context.Response.Cookies.Append(StatusCookieName, message, StatusCookieBuilder.Build(context));
        RedirectTo(uri);
    }

    private string CurrentPath =>
        navigationManager.ToBaseRelativePath(navigationManager.ToAbsoluteUri(navigationManager.Uri).GetLeftPart(UriPartial.Path));

    public void RedirectToCurrentPage() => RedirectTo(CurrentPath);

    public void RedirectToCurrentPageWithStatus(string message, HttpContext context) =>
        RedirectToWithStatus(CurrentPath, message, context);

    public void RedirectToInvalidUser(HttpContext context) =>
        RedirectToWithStatus("Account/InvalidUser", "Error: your account could not be loaded. Sign in again.", context);
}
