namespace Portal.Domain.Cases;

/// <summary>One probe photo of a case, stored re-encoded under a random name, searched by one job.</summary>
public sealed class Probe
{
    /// <summary>The display name a purge leaves (the name a person chose may name the child); pages say "photo deleted" instead.</summary>
    public const string ErasedDisplayName = "erased";

    public Guid Id { get; init; } = Guid.NewGuid();
    public Guid CaseId { get; init; }
    public Guid OrganisationId { get; init; }
    public required string DisplayName { get; init; }
    public required string StoredName { get; init; }
    public required string OriginalSha256 { get; init; }
    public int Width { get; init; }
    public int Height { get; init; }
    public DateTimeOffset UploadedAt { get; init; }
    public Guid JobId { get; set; }

    /// <summary>
    /// The face change log's position committed when the probe was submitted: the search waits until its replica
    /// has applied it, so it never runs on an index older than the submission.
    /// </summary>
    public long FaceChangePosition { get; set; }

    /// <summary>Set when the search finished: results are complete and may be shown.</summary>
    public DateTimeOffset? SearchedAt { get; set; }

    /// <summary>When the photo, its crops and its face records were erased (issue 16); the row keeps ids only.</summary>
    public DateTimeOffset? PurgedAt { get; set; }
}

/// <summary>A face found in a probe: searched when it passed quality, listed with its reasons when not.</summary>
public sealed class ProbeFace
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public Guid ProbeId { get; init; }
    public int Ordinal { get; init; }
    public float X { get; init; }
    public float Y { get; init; }
    public float Width { get; init; }
    public float Height { get; init; }
    public float DetectionScore { get; init; }
    public bool PassedQuality { get; init; }
    public string QualityReasons { get; init; } = "";
}
