namespace Portal.Domain.Faces;

/// <summary>
/// An indexed gallery face as the database keeps it: where it is, and its embedding (512 float32, little-endian).
/// The in-memory index is rebuilt from these rows at start.
/// </summary>
public sealed class StoredFace
{
    public Guid Id { get; init; } = Guid.NewGuid();

    /// <summary>Position in the order faces were added; lets another process catch up on what it missed.</summary>
    public long Sequence { get; set; }

    public Guid GalleryId { get; init; }
    public Guid ImageId { get; init; }
    public float X { get; init; }
    public float Y { get; init; }
    public float Width { get; init; }
    public float Height { get; init; }
    public float DetectionScore { get; init; }
    public required byte[] Embedding { get; init; }

    /// <summary>
    /// The face pipeline that computed <see cref="Embedding"/>. Embeddings of different versions are never compared:
    /// searches use only the active version's (<see cref="FacePipelineState"/>). Rows from before versions were kept are 1.
    /// </summary>
    public int PipelineVersion { get; init; } = 1;
    public DateTimeOffset CreatedAt { get; init; }

    public float[] EmbeddingVector()
    {
        var vector = new float[Embedding.Length / sizeof(float)];
        Buffer.BlockCopy(Embedding, 0, vector, 0, Embedding.Length);
        return vector;
    }

    public static byte[] Pack(float[] embedding)
    {
        var bytes = new byte[embedding.Length * sizeof(float)];
        Buffer.BlockCopy(embedding, 0, bytes, 0, bytes.Length);
        return bytes;
    }
}
