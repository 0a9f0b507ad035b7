using System.ComponentModel.DataAnnotations;

namespace Portal.Infrastructure.Options;

/// <summary>Section "Portal:Retention": the trash, the daily purge sweep, reminders for idle cases.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Portal:Retention";

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
}
