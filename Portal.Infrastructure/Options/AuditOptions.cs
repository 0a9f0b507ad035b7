using System.ComponentModel.DataAnnotations;

namespace Portal.Infrastructure.Options;

/// <summary>Section "Portal:Audit": the key that seals the audit chain and where signed checkpoints go (ADR 0005).</summary>
public sealed class AuditOptions
{
    public const string Section = "Portal:Audit";

    /// <summary>A file holding the key (base64, at least 32 bytes); must lie outside the data directory.</summary>
    public string? KeyFile { get; set; }

    /// <summary>The key itself, base64; meant for an environment variable. Wins over <see cref="KeyFile"/>.</summary>
    public string? Key { get; set; }

    /// <summary>Append-only file of signed checkpoints; defaults to "audit-checkpoints.log" next to the key file.</summary>
    public string? CheckpointFile { get; set; }

    /// <summary>
    /// The head hash of a chain written before the audit key, confirmed by an operator; outside Development such a
    /// chain is sealed with the key only when this matches (ADR 0005). Remove it once the chain is sealed.
    /// </summary>
    public string? RekeyLegacyHead { get; set; }

    /// <summary>Optional address that receives a copy of every checkpoint.</summary>
    [EmailAddress]
    public string? CheckpointMailTo { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromHours(1);
}
