using Portal.Domain.Faces;

namespace Portal.Infrastructure.Face;

/// <summary>
/// All indexed faces of this process, searched by scanning every stored vector of the allowed galleries on
/// all cores, keeping the best candidates in small heaps, and re-ranking them exactly. Searches share a read
/// lock; additions and removals take the write lock, so a search sees the index before or after a change,
/// never halfway.
/// </summary>
public sealed class InMemoryFaceIndex : IFaceIndex, IDisposable
{
    public const int Dimensions = 512;
    private const int SegmentSize = 16_384;

    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly List<Segment> _segments = [];
    private readonly Dictionary<Guid, int> _slotOfFace = [];
    private readonly Dictionary<Guid, int> _galleryOrdinals = [];
    private readonly List<Guid> _galleries = [];
    private int _count;

    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try { return _count; }
            finally { _lock.ExitReadLock(); }
        }
    }

    /// <summary>Bytes held for vectors and their bookkeeping, for the benchmark's memory figure.</summary>
    public long VectorBytes => (long)_segments.Count * SegmentSize * (Dimensions + sizeof(float) + sizeof(int) + 16);

    public void Upsert(IndexedFace face) => Upsert(face.FaceId, face.GalleryId, face.Embedding);

    public void Upsert(Guid faceId, Guid galleryId, ReadOnlySpan<float> embedding)
    {
        if (embedding.Length != Dimensions)
            throw new ArgumentException($"An embedding has {Dimensions} numbers, not {embedding.Length}.", nameof(embedding));
        _lock.EnterWriteLock();
        try
        {
            if (!_slotOfFace.TryGetValue(faceId, out var slot))
            {
                slot = _count++;
                if (slot / SegmentSize == _segments.Count)
                    _segments.Add(new Segment());
                _slotOfFace[faceId] = slot;
            }
            var (segment, row) = Locate(slot);
            segment.Scales[row] = QuantizedVectors.Quantize(embedding, segment.Row(row));
            segment.FaceIds[row] = faceId;
            segment.Galleries[row] = GalleryOrdinal(galleryId);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public void Remove(IReadOnlyCollection<Guid> faceIds)
    {
        _lock.EnterWriteLock();
        try
        {
            foreach (var faceId in faceIds)
            {
                if (!_slotOfFace.Remove(faceId, out var slot))
                    continue;
                // Move the last face into the hole, so the scanned range stays dense.
                var last = --_count;
                if (slot != last)
                {
                    var (to, toRow) = Locate(slot);
                    var (from, fromRow) = Locate(last);
                    from.Row(fromRow).CopyTo(to.Row(toRow));
                    to.Scales[toRow] = from.Scales[fromRow];
                    to.FaceIds[toRow] = from.FaceIds[fromRow];
                    to.Galleries[toRow] = from.Galleries[fromRow];
                    _slotOfFace[to.FaceIds[toRow]] = slot;
                }
                // The vacated last row held a copy of biometric data (the removed face's, or the moved one's): wipe it.
                var (vacated, vacatedRow) = Locate(last);
                vacated.Row(vacatedRow).Clear();
                vacated.Scales[vacatedRow] = 0;
                vacated.FaceIds[vacatedRow] = Guid.Empty;
                vacated.Galleries[vacatedRow] = 0;
                if (_count % SegmentSize == 0 && _segments.Count > (_count + SegmentSize - 1) / SegmentSize)
                    _segments.RemoveAt(_segments.Count - 1);
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public IReadOnlyList<FaceMatch> Search(ReadOnlySpan<float> query, IReadOnlySet<Guid> galleries, int k, float threshold)
    {
        if (query.Length != Dimensions)
            throw new ArgumentException($"A query has {Dimensions} numbers, not {query.Length}.", nameof(query));
        if (k <= 0 || galleries.Count == 0)
            return [];
        var queryCopy = query.ToArray();
        var queryCodes = new short[Dimensions];
        var queryScale = QuantizedVectors.QuantizeQuery(queryCopy, queryCodes);
        // Enough approximate candidates that the exact re-ranking cannot miss a true top-k face.
        var pool = Math.Max(4 * k, 64);

        _lock.EnterReadLock();
        try
        {
            var allowed = new bool[_galleries.Count];
            var any = false;
            foreach (var gallery in galleries)
            {
                if (_galleryOrdinals.TryGetValue(gallery, out var ordinal))
                {
                    allowed[ordinal] = true;
                    any = true;
                }
            }
            if (!any || _count == 0)
                return [];

            var candidates = Scan(queryCodes, queryScale, allowed, pool);
            return candidates
                .Select(c => (c.Slot, Exact: QuantizedVectors.ExactDot(queryCopy, RowOf(c.Slot), ScaleOf(c.Slot))))
                .Where(c => c.Exact >= threshold)
                .OrderByDescending(c => c.Exact)
                .Take(k)
                .Select(c => new FaceMatch(FaceOf(c.Slot), _galleries[GalleryOf(c.Slot)], (float)c.Exact))
                .ToList();
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>The approximate scan: one heap per worker over a share of the segments, merged at the end.</summary>
    private List<(float Score, int Slot)> Scan(short[] queryCodes, float queryScale, bool[] allowed, int pool)
    {
        var segmentCount = (_count + SegmentSize - 1) / SegmentSize;
        var workers = Math.Min(Environment.ProcessorCount, segmentCount);
        var heaps = new TopK[workers];
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, worker =>
        {
            var heap = heaps[worker] = new TopK(pool);
            for (var s = worker; s < segmentCount; s += workers)
            {
                var segment = _segments[s];
                var rows = Math.Min(SegmentSize, _count - s * SegmentSize);
                for (var row = 0; row < rows; row++)
                {
                    if (!allowed[segment.Galleries[row]])
                        continue;
                    var score = QuantizedVectors.Dot(segment.Row(row), queryCodes) * segment.Scales[row];
                    if (score > heap.Floor)
                        heap.Offer(score, s * SegmentSize + row);
                }
            }
        });
        var merged = new TopK(pool);
        foreach (var heap in heaps)
            foreach (var (score, slot) in heap.Items)
                merged.Offer(score, slot);
        return merged.Items.ToList();
    }

    /// <summary>Whether any row past the live range still holds non-zero codes: a removed face's bytes left in memory.</summary>
    internal bool HoldsBytesPastLiveRows()
    {
        _lock.EnterReadLock();
        try
        {
            for (var slot = _count; slot < _segments.Count * SegmentSize; slot++)
            {
                if (RowOf(slot).ContainsAnyExcept((sbyte)0) || ScaleOf(slot) != 0)
                    return true;
            }
            return false;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>The stored (quantised) vector of every face, for tests that compare with a brute force.</summary>
    internal IEnumerable<(Guid FaceId, Guid GalleryId, float[] Vector)> StoredVectors()
    {
        _lock.EnterReadLock();
        try
        {
            for (var slot = 0; slot < _count; slot++)
            {
                var codes = RowOf(slot);
                var scale = ScaleOf(slot);
                var vector = new float[Dimensions];
                for (var i = 0; i < Dimensions; i++)
                    vector[i] = codes[i] * scale;
                yield return (FaceOf(slot), _galleries[GalleryOf(slot)], vector);
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    private int GalleryOrdinal(Guid galleryId)
    {
        if (_galleryOrdinals.TryGetValue(galleryId, out var ordinal))
            return ordinal;
        ordinal = _galleries.Count;
        _galleries.Add(galleryId);
        _galleryOrdinals[galleryId] = ordinal;
        return ordinal;
    }

    private (Segment Segment, int Row) Locate(int slot) => (_segments[slot / SegmentSize], slot % SegmentSize);
    private ReadOnlySpan<sbyte> RowOf(int slot) => _segments[slot / SegmentSize].Row(slot % SegmentSize);
    private float ScaleOf(int slot) => _segments[slot / SegmentSize].Scales[slot % SegmentSize];
    private Guid FaceOf(int slot) => _segments[slot / SegmentSize].FaceIds[slot % SegmentSize];
    private int GalleryOf(int slot) => _segments[slot / SegmentSize].Galleries[slot % SegmentSize];

    public void Dispose() => _lock.Dispose();

    private sealed class Segment
    {
        public sbyte[] Codes { get; } = new sbyte[SegmentSize * Dimensions];
        public float[] Scales { get; } = new float[SegmentSize];
        public Guid[] FaceIds { get; } = new Guid[SegmentSize];
        public int[] Galleries { get; } = new int[SegmentSize];

        public Span<sbyte> Row(int row) => Codes.AsSpan(row * Dimensions, Dimensions);
    }
}
