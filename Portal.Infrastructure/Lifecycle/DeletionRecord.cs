namespace Portal.Infrastructure.Lifecycle;

/// <summary>
/// What one deletion destroyed, by ids and stored names only (never a name a person chose): enough for a restore to
/// destroy the same things again. <see cref="Position"/> and <see cref="At"/> are set by the log when appended.
/// </summary>
public sealed record DeletionRecord
{
    public long Position { get; init; }

    public DateTimeOffset At { get; init; }

    /// <summary>Why: the audit action of the deletion (e.g. "gallery.deleted") or the purge's cause.</summary>
    public required string Cause { get; init; }

    /// <summary>Stored photo file names (the store's random names) of gallery and probe photos.</summary>
    public IReadOnlyList<string> StoredNames { get; init; } = [];

    public IReadOnlyList<Guid> FaceIds { get; init; } = [];

    /// <summary>Ids whose crop files were deleted (gallery faces and probe faces; a crop is named by its face's id).</summary>
    public IReadOnlyList<Guid> CropIds { get; init; } = [];

    public IReadOnlyList<Guid> ImageIds { get; init; } = [];

    public IReadOnlyList<Guid> ProbeIds { get; init; } = [];

    public IReadOnlyList<Guid> GalleryIds { get; init; } = [];

    public IReadOnlyList<Guid> CaseIds { get; init; } = [];

    /// <summary>
    /// A move into or out of the trash (cause "trash.moved" or "trash.restored"): it destroys nothing, but a restore must make it
    /// again, or an older backup would bring a trashed item back live (or one restored from the trash back into it, to be purged).
    /// </summary>
    public TrashChange? Trash { get; init; }
}
