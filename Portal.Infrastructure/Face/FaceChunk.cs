using System.Data.Common;
using Portal.Domain.Faces;

namespace Portal.Infrastructure.Face;

/// <summary>
/// A few thousand stored faces read from the database, handed to the index together so it can encode them on every
/// core (<see cref="IFaceIndex.UpsertMany"/>). Reused chunk after chunk: a million-face load allocates two.
/// </summary>
internal sealed class FaceChunk
{
    private const int Capacity = 4096;
    private const int EmbeddingBytes = InMemoryFaceIndex.Dimensions * sizeof(float);

    private readonly List<Guid> _faceIds = new(Capacity);
    private readonly List<Guid> _galleryIds = new(Capacity);
    private readonly float[] _embeddings = new float[Capacity * InMemoryFaceIndex.Dimensions];
    private readonly byte[] _row = new byte[EmbeddingBytes];

    public bool IsFull => _faceIds.Count == Capacity;

    /// <summary>Appends the reader's row (id, gallery, embedding); a stored embedding of the wrong size is refused, not guessed at.</summary>
    public void Read(DbDataReader reader)
    {
        var id = reader.GetGuid(0);
        // With no buffer, GetBytes gives the value's whole length on both providers.
        var length = reader.GetBytes(2, 0, null, 0, 0);
        if (length != EmbeddingBytes)
            throw new InvalidDataException($"Stored face {id} has an embedding of {length} bytes, not {EmbeddingBytes}.");
        reader.GetBytes(2, 0, _row, 0, EmbeddingBytes);
        Buffer.BlockCopy(_row, 0, _embeddings, _faceIds.Count * EmbeddingBytes, EmbeddingBytes);
        _faceIds.Add(id);
        _galleryIds.Add(reader.GetGuid(1));
    }

    /// <summary>Adds the chunk to the index on a pool thread, then empties it for the next rows.</summary>
    public Task AddToAsync(IFaceIndex index) => Task.Run(() =>
    {
        if (_faceIds.Count > 0)
            index.UpsertMany(_faceIds, _galleryIds, _embeddings.AsMemory(0, _faceIds.Count * InMemoryFaceIndex.Dimensions));
        _faceIds.Clear();
        _galleryIds.Clear();
    });

    /// <summary>Embeddings are biometric data: the buffers are cleared when the load ends.</summary>
    public void Wipe()
    {
        Array.Clear(_embeddings);
        Array.Clear(_row);
    }
}
