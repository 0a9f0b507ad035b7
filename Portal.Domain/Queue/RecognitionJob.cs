namespace Portal.Domain.Queue;

public enum JobKind
{
    /// <summary>Detect, check and index the faces of one gallery image.</summary>
    IndexGalleryImage,

    /// <summary>Detect the faces of one probe photo and search the case's galleries.</summary>
    SearchProbe,

    /// <summary>Apply the retention schedule to one organisation (the subject): stage the erasures that are due.</summary>
    RetentionSweep,

    /// <summary>Carry out one erasure of biometric data (the subject is its ErasureRecord).</summary>
    Erase,

    /// <summary>Run one labelled evaluation set (the subject is its EvaluationRun): platform work, no organisation.</summary>
    Evaluate,

    /// <summary>Re-embed every stored gallery photo for a new face pipeline version (the subject is the re-index run).</summary>
    Reindex,

    /// <summary>Search the case's galleries with a person template: several probe photos as one (the subject is the template).</summary>
    SearchTemplate,
}

public enum JobState
{
    Queued,
    Running,
    Succeeded,

    /// <summary>Failed every attempt; kept with its error until an admin retries it.</summary>
    DeadLettered,

    /// <summary>Its organisation is blocked by a moratorium; resumes by itself when the block ends.</summary>
    HeldByMoratorium,

    Cancelled,
}

/// <summary>
/// One unit of recognition work. The queue is this table: a row is written in the same transaction as the
/// upload it works on, so nothing a person submitted can be lost between the two.
/// </summary>
public sealed class RecognitionJob
{
    public const int MaxAttempts = 5;

    public Guid Id { get; init; } = Guid.NewGuid();
    public JobKind Kind { get; init; }

    /// <summary>The gallery image or probe the job works on.</summary>
    public Guid SubjectId { get; init; }

    public Guid OrganisationId { get; init; }
    public required string SubmittedBy { get; init; }
    public JobState State { get; set; } = JobState.Queued;

    /// <summary>Lower runs first: a probe search does not wait behind a 500-photo gallery upload.</summary>
    public int Priority { get; init; }

    /// <summary>The submitter cancelled while it ran; the worker stops at its next step.</summary>
    public bool CancelRequested { get; set; }
    public int Attempts { get; set; }

    /// <summary>Not to be claimed before this instant (retry back-off).</summary>
    public DateTimeOffset NotBefore { get; set; }

    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseExpiresAt { get; set; }
    /// <summary>The last failure in detail (exception type and message): for platform admins only.</summary>
    public string? LastError { get; set; }

    /// <summary>The last failure in plain words, without server details: what the submitter is shown.</summary>
    public string? FailureReason { get; set; }

    /// <summary>Which moratoria hold it, in words, while it is held.</summary>
    public string? HeldReason { get; set; }

    /// <summary>0 to 100 while running.</summary>
    public int Progress { get; set; }

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }

    public bool IsFinished => State is JobState.Succeeded or JobState.Cancelled;
}
