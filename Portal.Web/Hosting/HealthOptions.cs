using System.ComponentModel.DataAnnotations;

namespace Portal.Web.Hosting;

/// <summary>Section "Portal:Health".</summary>
public sealed class HealthOptions
{
    public const string Section = "Portal:Health";

    /// <summary>
    /// A local port on which /health shows its details (models, queue, database) to anyone: a management port the
    /// operator listens on (e.g. loopback only) for monitoring. Unset: details only for a signed-in platform admin.
    /// </summary>
    [Range(1, 65535)]
    public int? DetailsPort { get; set; }
}
