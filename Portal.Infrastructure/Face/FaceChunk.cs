using System.Runtime.InteropServices;
using Portal.Domain.Faces;

namespace Portal.Infrastructure.Face;

/// <summary>
/// A few thousand stored faces read from the database, handed to the index together so it can encode them on every
/// core (<see cref="IFaceIndex.UpsertMany"/>). Reused chunk after chunk: a million-face load allocates two.
/// </summary>
internal sealed class FaceChunk
{
    private const int Capacity = 4096;
    public const int EmbeddingBytes = InMemoryFaceIndex.Dimensions * sizeof(float);

    private readonly List<Guid> _faceIds = new(Capacity);
    private readonly List<Guid> _galleryIds = new(Capacity);
    private readonly float[] _embeddings = new float[Capacity * InMemoryFaceIndex.Dimensions];

    public bool IsFull => _faceIds.Count == Capacity;

    /// <summary>
    /// Appends one stored face (id, gallery, the embedding's bytes as stored). A row the index would refuse (the wrong
    /// size, or a NaN or infinite number) is reported to <paramref name="refused"/> and left out: false.
    /// </summary>
    public bool Add(Guid id, Guid galleryId, ReadOnlySpan<byte> storedEmbedding, Action<Guid, ArgumentException>? refused)
    {
        if (storedEmbedding.Length != EmbeddingBytes)
        {
            refused?.Invoke(id, WrongSize(id, storedEmbedding.Length));
            return false;
        }
        var embedding = _embeddings.AsSpan(_faceIds.Count * InMemoryFaceIndex.Dimensions, InMemoryFaceIndex.Dimensions);
        storedEmbedding.CopyTo(MemoryMarshal.AsBytes(embedding));
        if (!InMemoryFaceIndex.IsFinite(embedding))
        {
            embedding.Clear();
            return Refuse(refused, id, $"Face {id} has an embedding with a NaN or infinite number: it is not indexed.");
        }
        _faceIds.Add(id);
        _galleryIds.Add(galleryId);
        return true;
    }

    public static ArgumentException WrongSize(Guid id, long length) =>
        new($"Face {id} has an embedding of {length} bytes, not {EmbeddingBytes}: it is not indexed.");

    private static bool Refuse(Action<Guid, ArgumentException>? refused, Guid id, string reason)
    {
        refused?.Invoke(id, new ArgumentException(reason));
        return false;
    }

    /// <summary>Adds the chunk to the index on a pool thread, then empties it for the next rows.</summary>
    public Task AddToAsync(IFaceIndex index, CancellationToken cancellationToken) => Task.Run(() =>
    {
        if (_faceIds.Count > 0)
            index.UpsertMany(_faceIds, _galleryIds, _embeddings.AsMemory(0, _faceIds.Count * InMemoryFaceIndex.Dimensions));
        _faceIds.Clear();
        _galleryIds.Clear();
    }, cancellationToken);

    /// <summary>Embeddings are biometric data: the buffers are cleared when the load ends.</summary>
    public void Wipe()
    {
        Array.Clear(_embeddings);
    }
}
