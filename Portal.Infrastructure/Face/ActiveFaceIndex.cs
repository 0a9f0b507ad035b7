using Portal.Domain.Faces;

namespace Portal.Infrastructure.Face;

/// <summary>
/// The index searches use: the active pipeline version's faces only. When the active version changes, the replica
/// loads the new version's faces into a fresh index and swaps it in whole, so a search sees the old version or the
/// new one, never a mixture (and never compares a probe with embeddings of another version). It knows the version
/// it holds, so a probe is embedded with that version and searched only while the index still holds it.
/// </summary>
public sealed class ActiveFaceIndex(IFaceIndex initial, Func<IFaceIndex> createEmpty) : IFaceIndex
{
    private volatile IFaceIndex _current = initial;

    public int Count => _current.Count;

    public void Upsert(IndexedFace face) => _current.Upsert(face);

    public void Upsert(Guid faceId, Guid galleryId, ReadOnlySpan<float> embedding) => _current.Upsert(faceId, galleryId, embedding);

    public void Remove(IReadOnlyCollection<Guid> faceIds) => _current.Remove(faceIds);

    public IReadOnlyList<FaceMatch> Search(ReadOnlySpan<float> query, IReadOnlySet<Guid> galleries, int k, float threshold) =>
        _current.Search(query, galleries, k, threshold);

    /// <summary>The pipeline version whose faces the index in use holds; 0 before the replica's first load.</summary>
    public int Version => VersionOf(_current);

    /// <summary>
    /// Searches with a probe embedded with <paramref name="version"/>, if the index in use holds that version's faces;
    /// null when it holds another (the replica swapped meanwhile): the caller embeds the probe again.
    /// </summary>
    public IReadOnlyList<FaceMatch>? SearchVersion(int version, ReadOnlySpan<float> query, IReadOnlySet<Guid> galleries, int k, float threshold)
    {
        var current = _current; // once: the check and the search see the same index
        return VersionOf(current) == version ? current.Search(query, galleries, k, threshold) : null;
    }

    /// <summary>An empty index of the kind in use, for <paramref name="version"/>'s faces, to be filled before <see cref="Replace"/>.</summary>
    internal IFaceIndex CreateEmpty(int version) => new VersionedFaceIndex(createEmpty(), version);

    private static int VersionOf(IFaceIndex index) => index is VersionedFaceIndex versioned ? versioned.Version : 0;

    /// <summary>
    /// Puts a filled index in place. The old one is not disposed: a search may still be scanning it; it is
    /// collected once the last such search ends. (Both are held for that moment: the switch needs memory for two.)
    /// </summary>
    internal void Replace(IFaceIndex next) => _current = next;
}
