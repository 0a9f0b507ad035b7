namespace Portal.Domain.Faces;

public enum FaceChangeKind
{
    Added = 1,
    Removed = 2,
}

/// <summary>The words for a change of the face index, where a person reads one (logs, the health report).</summary>
public static class FaceChangeKinds
{
    public static string Label(FaceChangeKind kind) => kind switch
    {
        FaceChangeKind.Added => "Added to the index",
        FaceChangeKind.Removed => "Removed from the index",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a face change."),
    };
}

/// <summary>
/// One entry of the face change log: a face added to or removed from the index, written in the same transaction
/// as the face itself. Every process's index replica applies the log strictly in <see cref="Id"/> order; positions
/// are assigned in commit order, so a replica that has applied position N has seen every change committed before it.
/// Positions may have gaps (a rolled-back transaction on a database sequence), never late arrivals.
/// </summary>
public sealed class FaceChange
{
    /// <summary>The position in the log; assigned by the change log, not by the database.</summary>
    public long Id { get; set; }
    public FaceChangeKind Kind { get; init; }
    public Guid FaceId { get; init; }
    public Guid GalleryId { get; init; }
    public DateTimeOffset At { get; init; }
}
