namespace Portal.Domain.Galleries;

public enum ImageOutcome
{
    /// <summary>Stored; waiting for or under recognition.</summary>
    Pending,

    /// <summary>Every face that passed quality is indexed (at least one).</summary>
    Indexed,

    NoFace,

    /// <summary>Faces were found, none good enough to index; the reasons are kept.</summary>
    BelowQuality,

    /// <summary>Recognition failed every attempt; the error is kept.</summary>
    Failed,
}

/// <summary>
/// One gallery photo, stored re-encoded under a random name. The name the uploader gave is kept only for
/// display, cleaned of path and control characters.
/// </summary>
public sealed class GalleryImage
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public Guid GalleryId { get; init; }
    public Guid OrganisationId { get; init; }
    public required string DisplayName { get; init; }
    public required string StoredName { get; init; }
    public required string OriginalSha256 { get; init; }
    public int Width { get; init; }
    public int Height { get; init; }
    public long StoredBytes { get; init; }
    public required string UploadedBy { get; init; }
    public DateTimeOffset UploadedAt { get; init; }
    public ImageOutcome Outcome { get; set; }
    public int IndexedFaces { get; set; }

    /// <summary>
    /// The face pipeline version this photo's faces were last computed with (its faces may be none). A re-index moves
    /// it to the new version in the same transaction as the photo's new faces: it is the job's checkpoint.
    /// </summary>
    public int EmbeddedVersion { get; set; } = 1;

    /// <summary>Faces found but not indexed, with their reasons; or the error of a failure.</summary>
    public string? OutcomeDetails { get; set; }

    public Guid JobId { get; set; }

    public DateTimeOffset? TrashedAt { get; set; }

    /// <summary>The id of the user who moved the photo to the trash.</summary>
    public string? TrashedBy { get; set; }
}
