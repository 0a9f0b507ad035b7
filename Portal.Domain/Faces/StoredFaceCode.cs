namespace Portal.Domain.Faces;

/// <summary>
/// A stored face as the in-memory index holds it (its quantised vector and sign code, <c>FaceCodes</c> in the
/// infrastructure), kept beside the embedding so that a starting process reads about a quarter of the bytes and
/// encodes nothing. Derived from <see cref="StoredFace.Embedding"/>, which stays the record: a row whose
/// <see cref="Format"/> is not the current one is ignored and written again. Deleted with its face.
/// </summary>
public sealed class StoredFaceCode
{
    public Guid FaceId { get; init; }

    /// <summary>Copied from the face (which never changes them), so a load reads this table alone.</summary>
    public Guid GalleryId { get; init; }
    public int PipelineVersion { get; init; }

    /// <summary>The layout and arithmetic that produced <see cref="Code"/>; bumped whenever they change.</summary>
    public int Format { get; init; }

    public required byte[] Code { get; init; }
}
