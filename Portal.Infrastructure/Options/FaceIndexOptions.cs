using System.ComponentModel.DataAnnotations;

namespace Portal.Infrastructure.Options;

/// <summary>Section "Portal:FaceIndex": the face index replica each worker process holds.</summary>
public sealed class FaceIndexOptions
{
    public const string Section = "Portal:FaceIndex";

    /// <summary>How often a replica looks for changes other processes logged (its own changes wake it at once).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often a replica reports that it is alive, even when nothing changed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A replica silent for longer than this no longer counts as live: a deletion does not wait for it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LiveWindow { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a search waits for its replica to apply every change committed before it was submitted.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan SearchWaitBound { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Reports of replicas silent for longer than this (processes long gone) are deleted.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan ForgetAfter { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Photos a re-index embeds between two checkpoints: a stopped worker repeats at most this many. Small enough that
    /// one batch's write transaction (which holds the portal's write lock) stays short.
    /// </summary>
    [Range(1, 10_000)]
    public int ReindexBatchSize { get; set; } = 25;

    /// <summary>
    /// Old-version faces deleted per write transaction after a re-index's switch: bounded, so the switch itself stays a
    /// small transaction and the write lock is never held for millions of rows at once.
    /// </summary>
    [Range(1, 100_000)]
    public int ReindexDeleteBatchSize { get; set; } = 2_000;
}
