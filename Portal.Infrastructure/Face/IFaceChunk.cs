namespace Portal.Infrastructure.Face;

/// <summary>
/// A few thousand rows of a start-up load, filled from the database and then handed to the index together: stored
/// embeddings to encode (<see cref="FaceChunk"/>) or stored codes to place as they are (<see cref="CodeChunk"/>).
/// </summary>
internal interface IFaceChunk
{
    bool IsFull { get; }

    /// <summary>How many bytes a row's stored value has; a row source refuses any other size without reading it.</summary>
    int StoredBytes { get; }

    /// <summary>Appends one row: false when it is left out (reported to <paramref name="refused"/> or kept aside by the chunk).</summary>
    bool Add(Guid id, Guid galleryId, ReadOnlySpan<byte> stored, Action<Guid, ArgumentException>? refused);

    /// <summary>A row whose stored value has <paramref name="length"/> bytes, not <see cref="StoredBytes"/>: left out, false.</summary>
    bool AddWrongSize(Guid id, long length, Action<Guid, ArgumentException>? refused);

    /// <summary>Adds the rows to the index on a pool thread, then empties the chunk for the next rows.</summary>
    Task AddToIndexAsync(CancellationToken cancellationToken);

    /// <summary>The rows are biometric data: the buffers are cleared when the load ends.</summary>
    void Wipe();
}
