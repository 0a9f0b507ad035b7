using Portal.Domain.Faces;

namespace Portal.Infrastructure.Face;

/// <summary>
/// An index with the pipeline version of the faces it holds: the label travels with the index it describes, so a
/// swap in <see cref="ActiveFaceIndex"/> changes both at once.
/// </summary>
internal sealed class VersionedFaceIndex(IFaceIndex inner, int version) : IWipeableFaceIndex, ICodedFaceIndex, IDisposable
{
    public int Version { get; } = version;

    public int Count => inner.Count;

    public void Upsert(IndexedFace face) => inner.Upsert(face);

    public void Upsert(Guid faceId, Guid galleryId, ReadOnlySpan<float> embedding) => inner.Upsert(faceId, galleryId, embedding);

    public void UpsertMany(IReadOnlyList<Guid> faceIds, IReadOnlyList<Guid> galleryIds, ReadOnlyMemory<float> embeddings) =>
        inner.UpsertMany(faceIds, galleryIds, embeddings);

    /// <summary>Whether the index inside takes stored codes; a load encodes the embeddings for one that does not.</summary>
    public bool TakesCodes => inner is ICodedFaceIndex;

    public void PlaceMany(IReadOnlyList<Guid> faceIds, IReadOnlyList<Guid> galleryIds, EncodedFaces encoded) =>
        ((ICodedFaceIndex)inner).PlaceMany(faceIds, galleryIds, encoded);

    public void Remove(IReadOnlyCollection<Guid> faceIds) => inner.Remove(faceIds);

    public IReadOnlyList<FaceMatch> Search(ReadOnlySpan<float> query, IReadOnlySet<Guid> galleries, int k, float threshold) =>
        inner.Search(query, galleries, k, threshold);

    /// <summary>Passed on, so a replaced version's vectors are cleared as a bare index's would be.</summary>
    public void Wipe() => (inner as IWipeableFaceIndex)?.Wipe();

    public void Dispose() => (inner as IDisposable)?.Dispose();
}
