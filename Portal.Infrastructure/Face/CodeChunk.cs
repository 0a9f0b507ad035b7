namespace Portal.Infrastructure.Face;

/// <summary>
/// Stored codes read from the database (<see cref="FaceCodes"/>), placed in the index as they are: no rotation, no
/// quantisation. A code that cannot be used (the wrong size, a number that is not finite) is not an error of the
/// face: its id is kept in <see cref="Unusable"/> and the load encodes that face from its embedding instead. A face
/// stored with a refused embedding (an empty code, <see cref="FaceCodes.IsRefusal"/>) is kept in <see cref="Refused"/>.
/// </summary>
internal sealed class CodeChunk(ICodedFaceIndex index) : IFaceChunk
{
    private readonly List<Guid> _faceIds = new(FaceChunk.Capacity);
    private readonly List<Guid> _galleryIds = new(FaceChunk.Capacity);
    private readonly EncodedFaces _staged = new(FaceChunk.Capacity);

    public List<Guid> Unusable { get; } = [];

    public List<Guid> Refused { get; } = [];

    public bool IsFull => _faceIds.Count == FaceChunk.Capacity;

    public int StoredBytes => FaceCodes.Bytes;

    public bool Add(Guid id, Guid galleryId, ReadOnlySpan<byte> stored, Action<Guid, ArgumentException>? refused)
    {
        if (!_staged.TryRead(_faceIds.Count, stored))
            return AddWrongSize(id, stored.Length, refused);
        _faceIds.Add(id);
        _galleryIds.Add(galleryId);
        return true;
    }

    public bool AddWrongSize(Guid id, long length, Action<Guid, ArgumentException>? refused)
    {
        (FaceCodes.IsRefusal((int)Math.Min(length, int.MaxValue)) ? Refused : Unusable).Add(id);
        return false;
    }

    public Task AddToIndexAsync(CancellationToken cancellationToken) => Task.Run(() =>
    {
        if (_faceIds.Count > 0)
            index.PlaceMany(_faceIds, _galleryIds, _staged);
        _faceIds.Clear();
        _galleryIds.Clear();
    }, cancellationToken);

    public void Wipe() => _staged.Wipe();
}
