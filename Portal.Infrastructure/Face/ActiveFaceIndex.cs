using Portal.Domain.Faces;

namespace Portal.Infrastructure.Face;

/// <summary>
/// The index searches use: the active pipeline version's faces only. When the active version changes, the replica
/// loads the new version's faces into a fresh index and swaps it in whole, so a search sees the old version or the
/// new one, never a mixture (and never compares a probe with embeddings of another version).
/// </summary>
public sealed class ActiveFaceIndex(IFaceIndex initial, Func<IFaceIndex> createEmpty) : IFaceIndex
{
    private volatile IFaceIndex _current = initial;

    public int Count => _current.Count;

    public void Upsert(IndexedFace face) => _current.Upsert(face);

    public void Upsert(Guid faceId, Guid galleryId, ReadOnlySpan<float> embedding) => _current.Upsert(faceId, galleryId, embedding);

    public void UpsertMany(IReadOnlyList<Guid> faceIds, IReadOnlyList<Guid> galleryIds, ReadOnlyMemory<float> embeddings) =>
        _current.UpsertMany(faceIds, galleryIds, embeddings);

    public void Remove(IReadOnlyCollection<Guid> faceIds) => _current.Remove(faceIds);

    public IReadOnlyList<FaceMatch> Search(ReadOnlySpan<float> query, IReadOnlySet<Guid> galleries, int k, float threshold) =>
        _current.Search(query, galleries, k, threshold);

    /// <summary>An empty index of the kind in use, to be filled before <see cref="Replace"/>.</summary>
    internal IFaceIndex CreateEmpty() => createEmpty();

    /// <summary>
    /// Puts a filled index in place. The old one is not disposed: a search may still be scanning it; it is
    /// collected once the last such search ends. (Both are held for that moment: the switch needs memory for two.)
    /// </summary>
    internal void Replace(IFaceIndex next) => _current = next;
}
