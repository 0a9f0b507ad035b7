namespace Portal.Domain.Lifecycle;

/// <summary>Why data was erased.</summary>
public enum ErasureCause
{
    /// <summary>Its period in the retention schedule ran out.</summary>
    Schedule,

    /// <summary>Its grace period in the trash ran out.</summary>
    Trash,

    /// <summary>A data subject asked for it (issue 16, point 5): erased at once.</summary>
    SubjectRequest,

    /// <summary>A person deleted it directly.</summary>
    Deletion,
}

/// <summary>What one erasure covers.</summary>
public enum ErasureScope
{
    Case,
    Gallery,
    Photo,
    Faces,

    /// <summary>The selected photos of a subject's deletion request (ScopeId: the request), within the record's organisation.</summary>
    RequestPhotos,
}

/// <summary>
/// One erasure of biometric data, from request to completion: what, why, how much, and the proof (hashed ids,
/// audit sequence numbers, the face change log position every index replica had to reach). Ids and counts only,
/// never photo content or names: this row outlives what it erased and backs the deletion certificate.
/// </summary>
public sealed class ErasureRecord
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public ErasureCause Cause { get; init; }

    /// <summary>The schedule revision, trash entry or request it carries out, as an id or reference.</summary>
    public string CauseReference { get; init; } = "";

    public Guid OrganisationId { get; init; }
    public ErasureScope Scope { get; init; }
    public Guid ScopeId { get; init; }
    public DateTimeOffset RequestedAt { get; init; }

    /// <summary>The requesting user's id, or "system" for the schedule.</summary>
    public required string RequestedBy { get; init; }

    public DateTimeOffset? CompletedAt { get; set; }
    public int Photos { get; set; }
    public int Faces { get; set; }
    public int Crops { get; set; }
    public int Probes { get; set; }
    public int Candidates { get; set; }

    /// <summary>JSON array of keyed hashes of the erased ids: provable later without keeping the ids.</summary>
    public string HashedIds { get; set; } = "[]";

    /// <summary>JSON array of the audit entries' sequence numbers that record the erasure.</summary>
    public string AuditSequences { get; set; } = "[]";

    /// <summary>The face change log position of the removals; complete once every replica has applied it.</summary>
    public long? ChangePosition { get; set; }

    public DateTimeOffset? ReplicasReachedAt { get; set; }
}

/// <summary>A purge that left data in place because a legal hold covers it: recorded each time.</summary>
public sealed class ErasureSkip
{
    public long Id { get; set; }

    /// <summary>The erasure it belonged to, when one had been recorded.</summary>
    public Guid? ErasureRecordId { get; init; }

    public ErasureScope Scope { get; init; }
    public Guid ScopeId { get; init; }
    public Guid HoldId { get; init; }
    public DateTimeOffset At { get; init; }
    public required string Reason { get; init; }
}

public static class ErasureLabels
{
    public static string Label(this ErasureCause cause) => cause switch
    {
        ErasureCause.Schedule => "Retention schedule",
        ErasureCause.Trash => "Trash emptied",
        ErasureCause.SubjectRequest => "Subject's deletion request",
        ErasureCause.Deletion => "Deleted by a person",
        _ => cause.ToString(),
    };

    public static string Label(this ErasureScope scope) => scope switch
    {
        ErasureScope.Case => "Case",
        ErasureScope.Gallery => "Gallery",
        ErasureScope.Photo => "Photo",
        ErasureScope.Faces => "Faces",
        ErasureScope.RequestPhotos => "Photos of a deletion request",
        _ => scope.ToString(),
    };
}
