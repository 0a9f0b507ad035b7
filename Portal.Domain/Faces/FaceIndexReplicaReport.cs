namespace Portal.Domain.Faces;

/// <summary>
/// What one process's face index replica has applied, as it reports it: a row per process start, refreshed with
/// every applied batch and every heartbeat. A deletion is done once every live replica's position has passed it.
/// </summary>
public sealed class FaceIndexReplicaReport
{
    public Guid Id { get; init; }
    public required string MachineName { get; init; }
    public int ProcessId { get; init; }
    public long AppliedPosition { get; set; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset HeartbeatAt { get; set; }
}
