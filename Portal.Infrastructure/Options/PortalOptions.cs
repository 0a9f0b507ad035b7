using System.ComponentModel.DataAnnotations;

namespace Portal.Infrastructure.Options;

/// <summary>Section "Portal": where data lives and whether demo data is seeded.</summary>
public sealed class PortalOptions
{
    public const string Section = "Portal";

    /// <summary>Folder for the database, uploads and mail pickup; relative paths are under the content root.</summary>
    [Required]
    public string DataDirectory { get; set; } = "App_Data";

    public bool SeedDemoData { get; set; }

    /// <summary>Password of every demo account; required when demo data is seeded.</summary>
    public string? DemoPassword { get; set; }
}
