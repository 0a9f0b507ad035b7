namespace Portal.Infrastructure.Face;

/// <summary>
/// Published after faces were added or removed (their change log entries committed): other processes' replicas
/// wake and apply the log now rather than at their next poll. It carries nothing: the log itself says what changed.
/// </summary>
public sealed record FacesChanged;
