namespace Portal.Domain.Auditing;

/// <summary>Re-embedding every stored photo for a new face pipeline (issue 18): targets are run ids, details ids and counts only.</summary>
public static partial class AuditActions
{
    public const string ReindexStarted = "reindex.started";
    public const string ReindexResumed = "reindex.resumed";
    public const string ReindexCompleted = "reindex.completed";

    /// <summary>A photo the re-index could not analyse: stored with no face for the new version; details name its id and the exception's type.</summary>
    public const string ReindexPhotoSkipped = "reindex.photo-skipped";

    /// <summary>The old version's faces no candidate shows are all deleted (after the switch, in batches).</summary>
    public const string ReindexOldFacesDeleted = "reindex.old-faces-deleted";
}
