using System.ComponentModel.DataAnnotations;

namespace Portal.Infrastructure.Options;

/// <summary>Section "Portal:Admin": the platform admin created at first start.</summary>
public sealed class AdminOptions
{
    public const string Section = "Portal:Admin";

    [Required, EmailAddress]
    public string Email { get; set; } = "admin@reunite.example";

    /// <summary>When empty, Development generates one and prints it once; other environments refuse to start.</summary>
    public string? Password { get; set; }
}
