using System.ComponentModel.DataAnnotations;

namespace Portal.Infrastructure.Options;

/// <summary>Section "Portal:Relay": the PostgreSQL LISTEN connection that brings other processes' changes to open pages.</summary>
public sealed class RelayOptions : IValidatableObject
{
    public const string Section = "Portal:Relay";

    /// <summary>The first wait before reconnecting a dropped listener; doubled at each failure up to <see cref="MaxReconnectDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxReconnectDelay < ReconnectDelay)
            yield return new ValidationResult($"{Section}:MaxReconnectDelay must not be shorter than ReconnectDelay.",
                [nameof(MaxReconnectDelay)]);
    }
}
