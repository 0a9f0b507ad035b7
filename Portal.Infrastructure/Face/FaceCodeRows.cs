using Portal.Domain.Faces;

namespace Portal.Infrastructure.Face;

/// <summary>The stored code rows of faces, as a write keeps them beside the faces (<see cref="FaceCodes"/>).</summary>
internal static class FaceCodeRows
{
    /// <summary>One row per face the index would take; none for an embedding it refuses, which a load reports instead.</summary>
    public static IEnumerable<StoredFaceCode> For(IEnumerable<StoredFace> faces)
    {
        foreach (var face in faces)
        {
            if (face.Embedding.Length == FaceChunk.EmbeddingBytes && FaceCodes.Encode(face.EmbeddingVector()) is { } code)
                yield return new StoredFaceCode { FaceId = face.Id, GalleryId = face.GalleryId, PipelineVersion = face.PipelineVersion, Format = FaceCodes.Format, Code = code };
        }
    }
}
