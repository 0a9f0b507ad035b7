namespace Portal.Domain.Lifecycle;

/// <summary>Where a subject's deletion request looks for the person's faces.</summary>
public enum SubjectRequestReach
{
    /// <summary>Every gallery of one organisation.</summary>
    Organisation,

    /// <summary>The galleries the admin picked.</summary>
    Galleries,

    /// <summary>Every gallery of every organisation (platform admins only).</summary>
    Everywhere,
}

/// <summary>Recorded → Matched (a photo searched, matches listed) → Confirmed → Completed; or Cancelled before confirmation.</summary>
public enum SubjectRequestState
{
    Recorded,
    Matched,
    Confirmed,
    Completed,
    Cancelled,
}

/// <summary>
/// A data subject (or someone for them) asked for their faces to be deleted (issue 16, point 5). The requester and the
/// reference are an admin's own words: they stay in this row and never enter the audit chain. The photos used to search
/// are never stored; only the matches are. Completion is read from the request's erasure records.
/// </summary>
public sealed class SubjectDeletionRequest
{
    public const int MaxRequesterLength = 200;
    public const int MaxReferenceLength = 100;

    public Guid Id { get; init; } = Guid.NewGuid();
    public SubjectRequestReach Reach { get; init; }

    /// <summary>The organisation searched (Organisation reach, and galleries of one organisation); null for Everywhere.</summary>
    public Guid? OrganisationId { get; init; }

    /// <summary>Who asked, e.g. "the subject's mother" or a lawyer.</summary>
    public required string Requester { get; init; }

    /// <summary>The request's reference, e.g. a ticket number.</summary>
    public required string Reference { get; init; }

    /// <summary>The recording user's id.</summary>
    public required string RecordedBy { get; init; }

    public DateTimeOffset RecordedAt { get; init; }

    /// <summary>True when a platform admin recorded it; an organisation admin sees only its own organisation's requests.</summary>
    public bool RecordedByPlatformAdmin { get; init; }

    public SubjectRequestState State { get; set; }

    /// <summary>The similarity a face had to reach: the platform's lowest (default) candidate threshold.</summary>
    public float Threshold { get; init; }

    /// <summary>How many photos of the person were searched with.</summary>
    public int PhotosSearched { get; set; }

    public string? ConfirmedBy { get; set; }
    public DateTimeOffset? ConfirmedAt { get; set; }
    public string? CancelledBy { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }

    public List<SubjectDeletionGallery> Galleries { get; init; } = [];
}

/// <summary>A gallery picked for a request of <see cref="SubjectRequestReach.Galleries"/> reach.</summary>
public sealed class SubjectDeletionGallery
{
    public Guid RequestId { get; init; }
    public Guid GalleryId { get; init; }
}

/// <summary>A stored face found at or above the request's threshold; selected ones have their whole photo erased.</summary>
public sealed class SubjectDeletionMatch
{
    public long Id { get; set; }
    public Guid RequestId { get; init; }
    public Guid FaceId { get; init; }
    public Guid GalleryId { get; init; }
    public Guid ImageId { get; init; }
    public Guid OrganisationId { get; init; }
    public float Similarity { get; set; }
    public bool Selected { get; set; } = true;

    /// <summary>The legal hold that kept its photo at confirmation, when one did.</summary>
    public Guid? HeldBy { get; set; }
}
