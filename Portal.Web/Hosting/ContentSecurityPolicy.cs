namespace Portal.Web.Hosting;

/// <summary>
/// The Content-Security-Policy every response carries. Scripts come only from the portal's own origin, so an
/// injected &lt;script&gt; or inline handler does not run; the portal has none of its own (they live in
/// wwwroot-assets/js).
/// </summary>
internal static class ContentSecurityPolicy
{
    /// <remarks>
    /// style-src allows 'unsafe-inline' because MudBlazor sets style attributes and writes its theme as a
    /// &lt;style&gt; element, and Blazor's reconnect dialog adds one too; inline styles cannot run code.
    /// connect-src 'self' covers the circuit's same-origin WebSocket (ws:/wss: of this host) in current browsers.
    /// img-src allows data: and blob: for MudBlazor's icons and image previews; fonts may be data: URLs.
    /// </remarks>
    public const string Value =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "connect-src 'self'; font-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; " +
        "object-src 'none'";
}
