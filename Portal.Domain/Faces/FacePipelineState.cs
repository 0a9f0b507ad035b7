namespace Portal.Domain.Faces;

/// <summary>
/// The one row that says which face pipeline version searches use, and the re-index towards a new one. Every process
/// reads it from the database, so all of them (PostgreSQL scale-out included) search the same version and switch
/// together: the switch is one committed change of <see cref="ActiveVersion"/>, made with the old rows' removal.
/// </summary>
public sealed class FacePipelineState
{
    /// <summary>The only row's key.</summary>
    public const int SingletonId = 1;

    public int Id { get; init; } = SingletonId;

    /// <summary>The version whose embeddings every search compares with.</summary>
    public int ActiveVersion { get; set; } = 1;

    /// <summary>The version a re-index is computing, or null when none runs.</summary>
    public int? TargetVersion { get; set; }

    /// <summary>The running re-index (the subject of its job); a job whose run is no longer this one does nothing.</summary>
    public Guid? ReindexRunId { get; set; }

    public int PhotosDone { get; set; }
    public int PhotosTotal { get; set; }
    public DateTimeOffset? ReindexStartedAt { get; set; }

    public bool IsReindexing => TargetVersion is not null;
}
