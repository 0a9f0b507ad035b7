namespace Portal.Infrastructure.Lifecycle;

/// <summary>The append-only, signed record of every deletion of biometric data, kept outside the data directory.</summary>
public interface IDeletionLog
{
    /// <summary>Appends the record, durably (on disk) before returning; returns it with its position and time.</summary>
    Task<DeletionRecord> AppendAsync(DeletionRecord record, CancellationToken cancellationToken = default);

    /// <summary>The position of the last record (0 when the log is empty).</summary>
    Task<long> PositionAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Every record after <paramref name="position"/>, in order, once the whole log has been checked; throws
    /// <see cref="DeletionLogBrokenException"/> when a line was edited, removed or does not carry the key's signature.
    /// </summary>
    Task<IReadOnlyList<DeletionRecord>> ReadAfterAsync(long position, CancellationToken cancellationToken = default);
}

/// <summary>The deletion log does not verify: a restore must not trust it to say what to destroy again.</summary>
public sealed class DeletionLogBrokenException(string message) : Exception(message);
