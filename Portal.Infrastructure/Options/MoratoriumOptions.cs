using System.ComponentModel.DataAnnotations;

namespace Portal.Infrastructure.Options;

/// <summary>Section "Portal:Moratoria".</summary>
public sealed class MoratoriumOptions
{
    public const string Section = "Portal:Moratoria";

    /// <summary>How often held work is re-checked and scheduled starts are enforced on open sessions.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long one process reuses the schedule it read; changes made here are seen at once.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(5);
}
