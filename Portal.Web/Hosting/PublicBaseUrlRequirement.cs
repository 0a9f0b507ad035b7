using Microsoft.Extensions.Options;
using Portal.Infrastructure.Options;

namespace Portal.Web.Hosting;

/// <summary>
/// The web host e-mails links, so outside Development it does not start without <c>Portal:PublicBaseUrl</c>
/// (the options' own validation already insists it is an absolute http or https address when set).
/// </summary>
internal static class PublicBaseUrlRequirement
{
    public const string Message =
        "Portal:PublicBaseUrl is required outside Development: set it to the absolute address people use to reach " +
        "the portal (e.g. https://portal.example.org). Links in e-mails are built from it, never from the request.";

    public static IServiceCollection AddPublicBaseUrlRequirement(this IServiceCollection services)
    {
        services.AddOptions<PortalOptions>()
            .Validate<IHostEnvironment>((portal, environment) =>
                environment.IsDevelopment() || !string.IsNullOrWhiteSpace(portal.PublicBaseUrl), Message)
            .ValidateOnStart();
        return services;
    }
}
