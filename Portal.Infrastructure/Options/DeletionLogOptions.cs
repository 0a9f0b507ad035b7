namespace Portal.Infrastructure.Options;

/// <summary>Section "Portal:DeletionLog": where the signed log of every deletion of biometric data is kept.</summary>
public sealed class DeletionLogOptions
{
    public const string Section = "Portal:DeletionLog";

    /// <summary>
    /// The append-only file; defaults to "deletions.log" next to the audit checkpoint file. Must lie outside the data
    /// directory: a restore brings the data directory back as it was, and must not bring back the log with it.
    /// </summary>
    public string? File { get; set; }
}
