namespace Portal.Infrastructure.Face;

/// <summary>
/// The rows of a start-up load, one stored face at a time, each appended to a chunk. One source per provider, because
/// the cheapest way to read two million ids and a million 2 KB blobs differs between them (<see cref="FaceRows"/>).
/// </summary>
internal interface IStoredFaceRows : IAsyncDisposable
{
    /// <summary>Moves to the next row: false when there is none.</summary>
    ValueTask<bool> ReadAsync(CancellationToken cancellationToken);

    /// <summary>Appends the current row to <paramref name="chunk"/>: false when the index would refuse it (reported to <paramref name="refused"/>).</summary>
    bool AddTo(IFaceChunk chunk, Action<Guid, ArgumentException>? refused);
}
