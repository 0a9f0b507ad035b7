using Portal.Infrastructure;
using Portal.Infrastructure.Seeding;
using Portal.Web.Components;
using Portal.Web.Components.Account;

namespace Portal.Web.Hosting;

internal static class Pipeline
{
    public static async Task<SeedReport> InitialisePortalAsync(this WebApplication app) =>
        await app.Services.InitialisePortalAsync(app.Lifetime.ApplicationStopping);

    private static readonly Action<ILogger, Exception?> HttpsOff = LoggerMessage.Define(LogLevel.Warning, new EventId(1, "HttpsOff"),
        "Portal:Security:RequireHttps is false outside Development: no HTTPS redirect, and sign-in cookies may travel over plain HTTP. " +
        "Only do this behind a proxy that terminates TLS and is the only way in.");

    public static WebApplication UsePortalPipeline(this WebApplication app)
    {
        // First: the client address and scheme every later step (rate limits, HTTPS, cookies) sees.
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
            app.UseHsts();
        }
        if (HttpsRequirement.IsOn(app.Services))
            app.UseHttpsRedirection();
        else if (!app.Environment.IsDevelopment())
            HttpsOff(app.Logger, null); // switched off by configuration: say so where operators look
        // Only a page request gets the friendly page: re-executing a refused form POST would re-read its form.
        app.UseWhen(context => HttpMethods.IsGet(context.Request.Method),
            branch => branch.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
        app.UseSecurityHeaders();
        app.UseRateLimiter();
        app.UseAntiforgery();

        app.MapStaticAssets();
        // The portal's own Content-Security-Policy already says frame-ancestors 'none'; Blazor's would be a second header.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(options => options.ContentSecurityFrameAncestorsPolicy = null);
        app.MapAdditionalIdentityEndpoints();
        app.MapPortalHealth();
        app.MapPortalMedia();
        app.MapPortalExports();
        app.MapPortalCertificates();
        app.MapPortalTransparency();
        app.MapPortalEvaluations();
        return app;
    }

    /// <summary>Headers that cost nothing and close common holes.</summary>
    private static void UseSecurityHeaders(this WebApplication app) => app.Use(async (context, next) =>
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        headers.ContentSecurityPolicy = ContentSecurityPolicy.Value;
        // The portal needs no device or payment API; a script that got in cannot ask for them either.
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
        await next();
    });
}
