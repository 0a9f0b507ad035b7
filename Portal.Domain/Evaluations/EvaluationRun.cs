namespace Portal.Domain.Evaluations;

public enum EvaluationState
{
    /// <summary>Uploaded and checked; its photos wait on the queue.</summary>
    Queued,
    Running,

    /// <summary>The report is stored and the photos are deleted.</summary>
    Completed,

    /// <summary>Every attempt failed; the photos are deleted and no report is kept.</summary>
    Failed,
}

/// <summary>
/// One run of a labelled evaluation set (independent testing by group, issue 17). Only aggregates are kept: the
/// photos live under the data directory until the run ends, then are deleted; the report holds counts and rates,
/// never file names (they can name people).
/// </summary>
public sealed class EvaluationRun
{
    public const int MaxNameLength = 120;

    public Guid Id { get; init; } = Guid.NewGuid();
    public required string Name { get; set; }
    public required string UploadedBy { get; init; }
    public DateTimeOffset UploadedAt { get; init; }
    public EvaluationState State { get; set; } = EvaluationState.Queued;

    /// <summary>The queue job that runs it (its progress is the run's).</summary>
    public Guid? JobId { get; set; }

    /// <summary>Photos listed in the labels file (and found in the zip).</summary>
    public int Photos { get; init; }

    /// <summary>Genuine plus impostor pairs scored; known once completed.</summary>
    public int? Pairs { get; set; }

    /// <summary>The threshold the rates were computed at, and the pipeline that produced the scores.</summary>
    public float? Threshold { get; set; }
    public int? PipelineVersion { get; set; }

    /// <summary>The report (JSON of aggregates), once completed.</summary>
    public string? ReportJson { get; set; }

    /// <summary>Why it failed, in plain words.</summary>
    public string? FailureReason { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }
    public DateTimeOffset? PhotosDeletedAt { get; set; }
}
