namespace Portal.Infrastructure.Lifecycle;

/// <summary>
/// What is still on disk and in the rows of one erasure's scope: stored photo files, the faces whose crops are named by
/// their id, and the ids the record hashes. Read again on every run, so a retry sees only what is left.
/// </summary>
internal sealed record ErasureTarget(IReadOnlyList<string> StoredNames, IReadOnlyList<Guid> CropFaceIds, IReadOnlyList<Guid> JobIds,
    IReadOnlyList<Guid> HashedIds, int Photos, int Probes, int Candidates)
{
    /// <summary>The gallery photo rows erased (none for a case): the deletion log names them so a restore removes them again.</summary>
    public IReadOnlyList<Guid> ImageIds { get; init; } = [];
}
