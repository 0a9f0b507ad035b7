using System.ComponentModel.DataAnnotations;

namespace Portal.Infrastructure.Options;

/// <summary>Section "Portal:Queue".</summary>
public sealed class QueueOptions
{
    public const string Section = "Portal:Queue";

    /// <summary>
    /// Whether this process runs queue workers at all. A web-only process (workers running elsewhere on the same
    /// database) sets it to false: it still queues work, shows progress and results.
    /// </summary>
    public bool RunWorkers { get; set; } = true;

    /// <summary>Workers in this process; 0 means one per processor. Other processes may run workers on the same database.</summary>
    [Range(0, 64)]
    public int Workers { get; set; }

    /// <summary>How long a claim lasts without renewal; a crashed worker's job is reclaimed after it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often an idle worker looks for work another process queued (work queued here wakes it at once).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often expired leases are reclaimed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ReclaimInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long one attempt at a job may take. Past it the handler is cancelled and the attempt fails (retried with
    /// back-off, dead-lettered after the last); a handler that ignores cancellation is abandoned shortly after.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan JobTimeLimit { get; set; } = TimeSpan.FromMinutes(2);

    public int WorkerCount => Workers == 0 ? Environment.ProcessorCount : Workers;
}
