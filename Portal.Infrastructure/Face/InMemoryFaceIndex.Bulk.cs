namespace Portal.Infrastructure.Face;

public sealed partial class InMemoryFaceIndex
{
    /// <summary>
    /// Faces are encoded a few hundred at a time on each core: quantising and rotating a face costs microseconds,
    /// placing it only a copy, so a start-up load of a million faces is bound by the encoding unless it is shared.
    /// </summary>
    private const int FacesPerTask = 256;

    /// <summary>
    /// Encodes the batch on every core before taking the write lock, then places it in one go: searches wait only
    /// for the copies, and a bulk load uses both cores of a small machine rather than one.
    /// </summary>
    public void UpsertMany(IReadOnlyList<Guid> faceIds, IReadOnlyList<Guid> galleryIds, ReadOnlyMemory<float> embeddings)
    {
        if (faceIds.Count != galleryIds.Count || embeddings.Length != faceIds.Count * Dimensions)
            throw new ArgumentException($"Each face needs one gallery and one vector of {Dimensions} numbers.", nameof(embeddings));
        for (var i = 0; i < faceIds.Count; i++)
        {
            if (!IsFinite(embeddings.Span.Slice(i * Dimensions, Dimensions)))
                throw new ArgumentException($"Face {faceIds[i]} has an embedding with a NaN or infinite number: the batch is not indexed.", nameof(embeddings));
        }
        var encoded = Staging(faceIds.Count);
        var encodingParts = (faceIds.Count + FacesPerTask - 1) / FacesPerTask;
        var fresh = SegmentsToPrepare(faceIds.Count);
        Parallel.For(0, encodingParts + fresh.Count * Segment.TouchPieces, part =>
        {
            if (part >= encodingParts)
            {
                var (segment, piece) = Math.DivRem(part - encodingParts, Segment.TouchPieces);
                fresh[segment].Touch(piece);
                return;
            }
            var end = Math.Min(faceIds.Count, (part + 1) * FacesPerTask);
            var rotated = new float[Dimensions];
            for (var i = part * FacesPerTask; i < end; i++)
                encoded.Encode(i, embeddings.Span.Slice(i * Dimensions, Dimensions), rotated);
            Array.Clear(rotated); // a rotated face is still biometric data
        });
        foreach (var segment in fresh)
            _readySegments.Enqueue(segment);
        PlaceAll(faceIds, galleryIds, encoded);
        Volatile.Write(ref _spareStaging, encoded);
    }

    bool ICodedFaceIndex.TakesCodes => true;

    /// <summary>
    /// Places faces already encoded, as a load from stored codes does (<see cref="FaceCodes"/>): nothing to compute, so
    /// only the fresh segments' memory is touched on every core before the copies under the write lock. The staging is
    /// wiped when placed; it stays the caller's.
    /// </summary>
    void ICodedFaceIndex.PlaceMany(IReadOnlyList<Guid> faceIds, IReadOnlyList<Guid> galleryIds, EncodedFaces encoded)
    {
        if (faceIds.Count != galleryIds.Count || encoded.Capacity < faceIds.Count)
            throw new ArgumentException("Each face needs one gallery and one staged row.", nameof(encoded));
        var fresh = SegmentsToPrepare(faceIds.Count);
        Parallel.For(0, fresh.Count * Segment.TouchPieces, part =>
        {
            var (segment, piece) = Math.DivRem(part, Segment.TouchPieces);
            fresh[segment].Touch(piece);
        });
        foreach (var segment in fresh)
            _readySegments.Enqueue(segment);
        PlaceAll(faceIds, galleryIds, encoded);
    }

    private void PlaceAll(IReadOnlyList<Guid> faceIds, IReadOnlyList<Guid> galleryIds, EncodedFaces encoded)
    {
        _lock.EnterWriteLock();
        try
        {
            for (var i = 0; i < faceIds.Count; i++)
                Place(faceIds[i], galleryIds[i], encoded, i);
        }
        finally
        {
            _lock.ExitWriteLock();
            encoded.Wipe();
        }
    }

    /// <summary>
    /// The segments this batch would fill if all its faces are new, beyond those already made ready. Their memory is
    /// touched by the encoding's tasks, on every core: the first write to fresh memory costs a page fault per 4 KB, and
    /// made under the write lock that was most of a start-up load's time on one core while the other waited.
    /// </summary>
    private List<Segment> SegmentsToPrepare(int incoming)
    {
        _lock.EnterReadLock();
        try
        {
            var needed = (_count + incoming + SegmentSize - 1) / SegmentSize - _segments.Count - _readySegments.Count;
            return Enumerable.Range(0, Math.Max(0, needed)).Select(_ => new Segment()).ToList();
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>
    /// The staging of the last batch, if it is large enough, else a new one. A start-up load passes a few hundred
    /// batches of 4,096 faces: a fresh 2.4 MB staging each time went to the large-object heap and its memory was
    /// faulted in again and again.
    /// </summary>
    private EncodedFaces Staging(int count) =>
        Interlocked.Exchange(ref _spareStaging, null) is { Capacity: var capacity } spare && capacity >= count && capacity <= 4 * count
            ? spare
            : new EncodedFaces(count);
}
