using System.ComponentModel.DataAnnotations;

namespace Portal.Infrastructure.Options;

/// <summary>Section "Portal": where data lives, whether demo data is seeded, and the public address.</summary>
public sealed class PortalOptions : IValidatableObject
{
    public const string Section = "Portal";

    /// <summary>Folder for the database, uploads and mail pickup; relative paths are under the content root.</summary>
    [Required]
    public string DataDirectory { get; set; } = "App_Data";

    public bool SeedDemoData { get; set; }

    /// <summary>Password of every demo account; required when demo data is seeded.</summary>
    public string? DemoPassword { get; set; }

    /// <summary>
    /// The address people use to reach the portal (e.g. https://portal.example.org). Every link in an e-mail
    /// starts with it, never with the request's Host header, which a client chooses. The web host requires it
    /// outside Development.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(PublicBaseUrl) && !IsAbsoluteHttp(PublicBaseUrl))
            yield return new ValidationResult(
                $"{Section}:PublicBaseUrl must be an absolute http or https address without query or fragment (got \"{PublicBaseUrl}\").",
                [nameof(PublicBaseUrl)]);
    }

    private static bool IsAbsoluteHttp(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && uri.UserInfo.Length == 0 && uri.Query.Length == 0 && uri.Fragment.Length == 0;
}
