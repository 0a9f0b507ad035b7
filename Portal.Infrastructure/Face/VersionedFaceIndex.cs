using Portal.Domain.Faces;

namespace Portal.Infrastructure.Face;

/// <summary>
/// An index with the pipeline version of the faces it holds: the label travels with the index it describes, so a
/// swap in <see cref="ActiveFaceIndex"/> changes both at once.
/// </summary>
internal sealed class VersionedFaceIndex(IFaceIndex inner, int version) : IFaceIndex, IDisposable
{
    public int Version { get; } = version;

    public int Count => inner.Count;

    public void Upsert(IndexedFace face) => inner.Upsert(face);

    public void Upsert(Guid faceId, Guid galleryId, ReadOnlySpan<float> embedding) => inner.Upsert(faceId, galleryId, embedding);

    public void Remove(IReadOnlyCollection<Guid> faceIds) => inner.Remove(faceIds);

    public IReadOnlyList<FaceMatch> Search(ReadOnlySpan<float> query, IReadOnlySet<Guid> galleries, int k, float threshold) =>
        inner.Search(query, galleries, k, threshold);

    public void Dispose() => (inner as IDisposable)?.Dispose();
}
