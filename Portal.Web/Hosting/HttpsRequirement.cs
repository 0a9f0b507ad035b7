using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Infrastructure.Options;

namespace Portal.Web.Hosting;

/// <summary>
/// HTTPS outside Development: a redirect for plain requests (HSTS is sent outside Development anyway) and cookies
/// that are never sent over plain HTTP. In Development http://localhost:5080 keeps working.
/// </summary>
internal static class HttpsRequirement
{
    private static readonly string[] CookieSchemes =
    [
        IdentityConstants.ApplicationScheme, IdentityConstants.ExternalScheme,
        IdentityConstants.TwoFactorUserIdScheme, IdentityConstants.TwoFactorRememberMeScheme,
    ];

    public static bool IsOn(SecurityOptions security, IHostEnvironment environment) =>
        security.RequireHttps ?? !environment.IsDevelopment();

    public static bool IsOn(IServiceProvider services) =>
        IsOn(services.GetRequiredService<IOptions<SecurityOptions>>().Value, services.GetRequiredService<IHostEnvironment>());

    public static IServiceCollection AddHttpsRequirement(this IServiceCollection services)
    {
        foreach (var scheme in CookieSchemes)
            services.AddOptions<CookieAuthenticationOptions>(scheme)
                .Configure<IOptions<SecurityOptions>, IHostEnvironment>((cookie, security, environment) =>
                {
                    if (IsOn(security.Value, environment))
                        cookie.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                });
        services.AddOptions<AntiforgeryOptions>()
            .Configure<IOptions<SecurityOptions>, IHostEnvironment>((antiforgery, security, environment) =>
            {
                if (IsOn(security.Value, environment))
                    antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            });
        return services;
    }
}
