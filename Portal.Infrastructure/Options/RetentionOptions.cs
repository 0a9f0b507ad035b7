using System.ComponentModel.DataAnnotations;

namespace Portal.Infrastructure.Options;

/// <summary>Section "Portal:Retention": the trash, the daily purge sweep, reminders for idle cases, and the deletion log.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Portal:Retention";

    /// <summary>The default file name of the deletion log, next to the audit checkpoint file.</summary>
    public const string DefaultDeletionLogName = "deletions.log";

    /// <summary>How long a deleted photo, gallery or case stays restorable in the trash before it is purged.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "90.00:00:00")]
    public TimeSpan TrashGrace { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The UTC time of day the daily purge sweep is queued.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "23:59:59")]
    public TimeSpan SweepTimeOfDay { get; set; } = TimeSpan.FromHours(3);

    /// <summary>An open case without activity this long gets its first reminder to the organisation's admins.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan ReminderAfter { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How often the reminder is repeated while the case stays idle.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "365.00:00:00")]
    public TimeSpan ReminderEvery { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// Append-only log of erasures, replayed after a restore so a backup never brings deleted data back. It must
    /// lie outside the data directory, or a restore would bring back the log with the data; null: next to the
    /// audit checkpoint file.
    /// </summary>
    public string? DeletionLogFile { get; set; }

    /// <summary>The deletion log's full path, given where the audit checkpoint file is (<c>AuditKey.CheckpointFile</c>).</summary>
    public string DeletionLogPath(string checkpointFile) =>
        Path.GetFullPath(DeletionLogFile ?? Path.Combine(Path.GetDirectoryName(checkpointFile)!, DefaultDeletionLogName));
}
