using System.Runtime.InteropServices;
using Portal.Domain.Faces;

namespace Portal.Infrastructure.Face;

/// <summary>
/// A few thousand stored faces read from the database, handed to the index together so it can encode them on every
/// core (<see cref="IFaceIndex.UpsertMany"/>). Reused chunk after chunk: a million-face load allocates two.
/// </summary>
internal sealed class FaceChunk(IFaceIndex index) : IFaceChunk
{
    public const int Capacity = 4096;
    public const int EmbeddingBytes = InMemoryFaceIndex.Dimensions * sizeof(float);

    private readonly List<Guid> _faceIds = new(Capacity);
    private readonly List<Guid> _galleryIds = new(Capacity);
    private readonly float[] _embeddings = new float[Capacity * InMemoryFaceIndex.Dimensions];

    public bool IsFull => _faceIds.Count == Capacity;

    public int StoredBytes => EmbeddingBytes;

    /// <summary>
    /// Appends one stored face (id, gallery, the embedding's bytes as stored). A row the index would refuse (the wrong
    /// size, or a NaN or infinite number) is reported to <paramref name="refused"/> and left out: false.
    /// </summary>
    public bool Add(Guid id, Guid galleryId, ReadOnlySpan<byte> stored, Action<Guid, ArgumentException>? refused)
    {
        if (stored.Length != EmbeddingBytes)
            return AddWrongSize(id, stored.Length, refused);
        var embedding = _embeddings.AsSpan(_faceIds.Count * InMemoryFaceIndex.Dimensions, InMemoryFaceIndex.Dimensions);
        stored.CopyTo(MemoryMarshal.AsBytes(embedding));
        if (!InMemoryFaceIndex.IsFinite(embedding))
        {
            embedding.Clear();
            return Refuse(refused, id, $"Face {id} has an embedding with a NaN or infinite number: it is not indexed.");
        }
        _faceIds.Add(id);
        _galleryIds.Add(galleryId);
        return true;
    }

    public bool AddWrongSize(Guid id, long length, Action<Guid, ArgumentException>? refused)
    {
        refused?.Invoke(id, WrongSize(id, length));
        return false;
    }

    public static ArgumentException WrongSize(Guid id, long length) =>
        new($"Face {id} has an embedding of {length} bytes, not {EmbeddingBytes}: it is not indexed.");

    private static bool Refuse(Action<Guid, ArgumentException>? refused, Guid id, string reason)
    {
        refused?.Invoke(id, new ArgumentException(reason));
        return false;
    }

    public Task AddToIndexAsync(CancellationToken cancellationToken) => Task.Run(() =>
    {
        if (_faceIds.Count > 0)
            index.UpsertMany(_faceIds, _galleryIds, _embeddings.AsMemory(0, _faceIds.Count * InMemoryFaceIndex.Dimensions));
        _faceIds.Clear();
        _galleryIds.Clear();
    }, cancellationToken);

    public void Wipe()
    {
        Array.Clear(_embeddings);
    }
}
