namespace Portal.Domain.Faces;

/// <summary>
/// Embeddings of gallery faces, searchable by cosine similarity. Behind an interface so a distributed vector
/// engine can take its place when one machine is not enough.
/// </summary>
public interface IFaceIndex
{
    int Count { get; }

    /// <summary>Adds or replaces a face; visible to the next search.</summary>
    void Upsert(IndexedFace face);

    /// <summary>
    /// The same from a borrowed vector, so a bulk load (a million faces at start) allocates nothing per face; the
    /// index copies what it keeps before returning.
    /// </summary>
    void Upsert(Guid faceId, Guid galleryId, ReadOnlySpan<float> embedding) => Upsert(new IndexedFace(faceId, galleryId, embedding.ToArray()));

    /// <summary>
    /// Adds or replaces many faces at once, as a start-up load does: <paramref name="embeddings"/> holds one vector per
    /// id, back to back. An index may prepare them in parallel before taking its lock; the default adds them one by one.
    /// </summary>
    void UpsertMany(IReadOnlyList<Guid> faceIds, IReadOnlyList<Guid> galleryIds, ReadOnlyMemory<float> embeddings)
    {
        if (faceIds.Count != galleryIds.Count || (faceIds.Count > 0 && embeddings.Length % faceIds.Count != 0))
            throw new ArgumentException("Each face needs one gallery and one vector of the same length.", nameof(embeddings));
        var length = faceIds.Count == 0 ? 0 : embeddings.Length / faceIds.Count;
        for (var i = 0; i < faceIds.Count; i++)
            Upsert(faceIds[i], galleryIds[i], embeddings.Span.Slice(i * length, length));
    }

    /// <summary>Removes faces; gone from the next search. Unknown ids are ignored.</summary>
    void Remove(IReadOnlyCollection<Guid> faceIds);

    /// <summary>
    /// The best <paramref name="k"/> faces among <paramref name="galleries"/> whose similarity is at least
    /// <paramref name="threshold"/>, best first. May return fewer, or none: "no candidate" is an answer.
    /// </summary>
    IReadOnlyList<FaceMatch> Search(ReadOnlySpan<float> query, IReadOnlySet<Guid> galleries, int k, float threshold);
}

public sealed record IndexedFace(Guid FaceId, Guid GalleryId, float[] Embedding);

public sealed record FaceMatch(Guid FaceId, Guid GalleryId, float Similarity);
