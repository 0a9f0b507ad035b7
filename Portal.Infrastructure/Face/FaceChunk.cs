using System.Data.Common;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
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

    /// <summary>
    /// Appends the reader's row (id, gallery, embedding). A row the index would refuse (the wrong size, or a NaN or
    /// infinite number) is reported to <paramref name="refused"/> and left out: false.
    /// </summary>
    public bool Read(DbDataReader reader, Action<Guid, ArgumentException>? refused)
    {
        var id = reader.GetGuid(0);
        var embedding = _embeddings.AsSpan(_faceIds.Count * InMemoryFaceIndex.Dimensions, InMemoryFaceIndex.Dimensions);
        var length = CopyEmbedding(reader, embedding);
        if (length != EmbeddingBytes)
            return Refuse(refused, id, $"Face {id} has an embedding of {length} bytes, not {EmbeddingBytes}: it is not indexed.");
        if (!InMemoryFaceIndex.IsFinite(embedding))
            return Refuse(refused, id, $"Face {id} has an embedding with a NaN or infinite number: it is not indexed.");
        _faceIds.Add(id);
        _galleryIds.Add(reader.GetGuid(1));
        return true;
    }

    /// <summary>Copies the row's embedding into <paramref name="target"/> when it has the right size; returns its size in bytes.</summary>
    private long CopyEmbedding(DbDataReader reader, Span<float> target)
    {
        if (reader is SqliteDataReader)
        {
            // The value whole: Microsoft.Data.Sqlite answers GetBytes through GetStream, which looks up the column's
            // table metadata and copies the blob twice on every row; that was a third of a start-up load's read.
            var value = reader.GetFieldValue<byte[]>(2);
            if (value.Length == EmbeddingBytes)
                value.CopyTo(MemoryMarshal.AsBytes(target));
            Array.Clear(value); // a copy of biometric data left for the collector would outlive the load
            return value.Length;
        }
        // Npgsql's GetBytes copies straight from the row it holds: no array per row. With no buffer it gives the length.
        var length = reader.GetBytes(2, 0, null, 0, 0);
        if (length == EmbeddingBytes)
        {
            reader.GetBytes(2, 0, _row, 0, EmbeddingBytes);
            _row.CopyTo(MemoryMarshal.AsBytes(target));
        }
        return length;
    }

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
        Array.Clear(_row);
    }
}
