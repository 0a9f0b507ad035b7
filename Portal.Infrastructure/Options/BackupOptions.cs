using System.ComponentModel.DataAnnotations;

namespace Portal.Infrastructure.Options;

/// <summary>Section "Portal:Backup": how long the <c>backup</c> command keeps backups in its backup folder.</summary>
public sealed class BackupOptions
{
    public const string Section = "Portal:Backup";

    /// <summary>Backups older than this many days are deleted at the end of every backup (or by <c>backup --expire</c>).</summary>
    [Range(1, 3650)]
    public int KeepDays { get; set; } = 35;
}
