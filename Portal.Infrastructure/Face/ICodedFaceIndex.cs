namespace Portal.Infrastructure.Face;

/// <summary>An index that can take faces already encoded (stored codes), skipping the encoding a load would repeat.</summary>
internal interface ICodedFaceIndex
{
    /// <summary>False for a wrapper around an index that cannot: a load then encodes the embeddings instead.</summary>
    bool TakesCodes { get; }

    /// <summary>Places the first <c>faceIds.Count</c> staged rows of <paramref name="encoded"/>, then wipes them.</summary>
    void PlaceMany(IReadOnlyList<Guid> faceIds, IReadOnlyList<Guid> galleryIds, EncodedFaces encoded);
}
