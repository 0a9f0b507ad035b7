namespace Portal.Domain.Auditing;

/// <summary>
/// Who an actor key in the audit chain is, kept outside the chain (not hashed) so a departed member's name and e-mail
/// can be erased without breaking it (ADR 0010). <see cref="Key"/> is what the chain records: <c>user:&lt;id&gt;</c>.
/// </summary>
public sealed class AuditActor
{
    public required string Key { get; init; }
    public string? DisplayName { get; set; }
    public string? Email { get; set; }
    public DateTimeOffset FirstSeen { get; init; }
    public DateTimeOffset LastSeen { get; set; }

    /// <summary>Set once the display details are blanked; they are never filled in again.</summary>
    public DateTimeOffset? ErasedAt { get; set; }

    /// <summary>What the audit viewer shows for an erased actor.</summary>
    public const string ErasedLabel = "former member (erased)";
}
