using System.ComponentModel.DataAnnotations;

namespace Portal.Infrastructure.Options;

public enum EmailDelivery
{
    /// <summary>Each message becomes a file in the pickup folder, listed on /admin/mail.</summary>
    Pickup,

    /// <summary>Messages go to an SMTP server.</summary>
    Smtp,
}

/// <summary>Section "Portal:Email".</summary>
public sealed class EmailOptions : IValidatableObject
{
    public const string Section = "Portal:Email";

    public EmailDelivery Delivery { get; set; } = EmailDelivery.Pickup;

    [Required, EmailAddress]
    public string From { get; set; } = "no-reply@reunite.example";

    /// <summary>Folder under the data directory for picked-up mail.</summary>
    public string PickupFolder { get; set; } = "mail-pickup";

    public string? SmtpHost { get; set; }

    [Range(1, 65535)]
    public int SmtpPort { get; set; } = 587;

    public bool SmtpUseTls { get; set; } = true;
    public string? SmtpUser { get; set; }
    public string? SmtpPassword { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Delivery == EmailDelivery.Smtp && string.IsNullOrWhiteSpace(SmtpHost))
            yield return new ValidationResult("Portal:Email:SmtpHost is required when Delivery is Smtp.", [nameof(SmtpHost)]);
    }
}
