using Portal.Domain.Faces;

namespace Portal.Infrastructure.Face;

/// <summary>The stored code rows of faces, as a write keeps them beside the faces (<see cref="FaceCodes"/>).</summary>
internal static class FaceCodeRows
{
    /// <summary>
    /// One row per face: its code, or for an embedding the index refuses an empty one (<see cref="FaceCodes.IsRefusal"/>),
    /// which loads report as refused.
    /// </summary>
    public static IEnumerable<StoredFaceCode> For(IEnumerable<StoredFace> faces) =>
        faces.Select(face => new StoredFaceCode
        {
            FaceId = face.Id, GalleryId = face.GalleryId, PipelineVersion = face.PipelineVersion, Format = FaceCodes.Format,
            Code = (face.Embedding.Length == FaceChunk.EmbeddingBytes ? FaceCodes.Encode(face.EmbeddingVector()) : null) ?? [],
        });
}
