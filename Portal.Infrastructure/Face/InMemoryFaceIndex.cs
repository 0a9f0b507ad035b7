using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Portal.Domain.Faces;

namespace Portal.Infrastructure.Face;

/// <summary>
/// All indexed faces of this process. Each face is kept twice: as a 64-byte sign code with an error bound
/// (<see cref="SignCodes"/>), which a search scans on all cores, and as 512 signed bytes, from which the
/// shortlist the scan leaves is scored exactly (ADR 0013). Searches share a read lock; additions and removals
/// take the write lock, so a search sees the index before or after a change, never halfway.
/// </summary>
public sealed partial class InMemoryFaceIndex : IWipeableFaceIndex, ICodedFaceIndex, IDisposable
{
    public const int Dimensions = 512;
    private const int SegmentSize = 16_384;

    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly List<Segment> _segments = [];
    private readonly SlotTable _slotOfFace;
    private readonly Dictionary<Guid, int> _galleryOrdinals = [];
    private readonly List<Guid> _galleries = [];
    private int _count;
    private EncodedFaces? _spareStaging;
    private readonly ConcurrentQueue<Segment> _readySegments = new();

    public InMemoryFaceIndex() => _slotOfFace = new SlotTable(FaceOf);

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
    public long VectorBytes => (long)_segments.Count * SegmentSize * (Dimensions + 3 * sizeof(float) + sizeof(ushort) + SignCodes.Words * sizeof(ulong) + sizeof(int) + 16);

    public void Upsert(IndexedFace face) => Upsert(face.FaceId, face.GalleryId, face.Embedding);

    public void Upsert(Guid faceId, Guid galleryId, ReadOnlySpan<float> embedding)
    {
        if (embedding.Length != Dimensions)
            throw new ArgumentException($"An embedding has {Dimensions} numbers, not {embedding.Length}.", nameof(embedding));
        // A NaN would poison every score against this face (and a search's cut-off with it): the face is refused whole.
        if (!IsFinite(embedding))
            throw new ArgumentException($"Face {faceId} has an embedding with a NaN or infinite number: it is not indexed.", nameof(embedding));
        var encoded = new EncodedFaces(1);
        Span<float> rotated = stackalloc float[Dimensions];
        encoded.Encode(0, embedding, rotated);
        _lock.EnterWriteLock();
        try
        {
            Place(faceId, galleryId, encoded, 0);
        }
        finally
        {
            _lock.ExitWriteLock();
            encoded.Wipe();
        }
    }

    /// <summary>Whether every number is finite: a NaN or infinity would poison every score against the face.</summary>
    public static bool IsFinite(ReadOnlySpan<float> embedding)
    {
        foreach (var value in embedding)
        {
            if (!float.IsFinite(value))
                return false;
        }
        return true;
    }

    /// <summary>Puts an encoded face in its row (a new one at the end, or the row it had); the caller holds the write lock.</summary>
    private void Place(Guid faceId, Guid galleryId, EncodedFaces encoded, int index)
    {
        if (!_slotOfFace.TryGet(faceId, out var slot))
        {
            slot = _count++;
            if (slot / SegmentSize == _segments.Count)
                _segments.Add(_readySegments.TryDequeue(out var ready) ? ready : new Segment());
            // The table reads keys from the id column: the id goes in before the table can look at it.
            var (fresh, freshRow) = Locate(slot);
            fresh.FaceIds[freshRow] = faceId;
            _slotOfFace.Add(faceId, slot);
        }
        var (segment, row) = Locate(slot);
        encoded.CodesOf(index).CopyTo(segment.Row(row));
        encoded.BitsOf(index).CopyTo(segment.BitsOf(row));
        segment.Scales[row] = encoded.Scales[index];
        segment.Factors[row] = encoded.Factors[index];
        segment.Spreads[row] = encoded.Spreads[index];
        segment.Ones[row] = encoded.Ones[index];
        segment.FaceIds[row] = faceId;
        segment.Galleries[row] = GalleryOrdinal(galleryId);
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
                    from.BitsOf(fromRow).CopyTo(to.BitsOf(toRow));
                    to.Ones[toRow] = from.Ones[fromRow];
                    to.Factors[toRow] = from.Factors[fromRow];
                    to.Spreads[toRow] = from.Spreads[fromRow];
                    to.FaceIds[toRow] = from.FaceIds[fromRow];
                    to.Galleries[toRow] = from.Galleries[fromRow];
                    _slotOfFace.Move(to.FaceIds[toRow], slot);
                }
                // The vacated last row held a copy of biometric data (the removed face's, or the moved one's): wipe it.
                var (vacated, vacatedRow) = Locate(last);
                vacated.Row(vacatedRow).Clear();
                vacated.Scales[vacatedRow] = 0;
                vacated.BitsOf(vacatedRow).Clear();
                vacated.Ones[vacatedRow] = 0;
                vacated.Factors[vacatedRow] = 0;
                vacated.Spreads[vacatedRow] = 0;
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

    /// <summary>Clears every vector, code and id, and leaves the index empty: a replaced index's last act (ActiveFaceIndex).</summary>
    public void Wipe()
    {
        _lock.EnterWriteLock();
        try
        {
            foreach (var segment in _segments)
            {
                Array.Clear(segment.Codes);
                Array.Clear(segment.Scales);
                Array.Clear(segment.Bits);
                Array.Clear(segment.Ones);
                Array.Clear(segment.Factors);
                Array.Clear(segment.Spreads);
                Array.Clear(segment.FaceIds);
                Array.Clear(segment.Galleries);
            }
            _slotOfFace.Clear();
            _count = 0;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Whether any row past the live range still holds non-zero codes: a removed face's bytes left in memory.</summary>
    internal bool HoldsBytesPastLiveRows()
    {
        _lock.EnterReadLock();
        try
        {
            for (var slot = _count; slot < _segments.Count * SegmentSize; slot++)
            {
                var (segment, row) = Locate(slot);
                if (segment.Row(row).ContainsAnyExcept((sbyte)0) || segment.Scales[row] != 0
                    || segment.BitsOf(row).ContainsAnyExcept(0UL) || segment.Ones[row] != 0 || segment.Factors[row] != 0 || segment.Spreads[row] != 0)
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
        public ulong[] Bits { get; } = new ulong[SegmentSize * SignCodes.Words];
        public ushort[] Ones { get; } = new ushort[SegmentSize];
        public float[] Factors { get; } = new float[SegmentSize];
        public float[] Spreads { get; } = new float[SegmentSize];
        public Guid[] FaceIds { get; } = new Guid[SegmentSize];
        public int[] Galleries { get; } = new int[SegmentSize];

        /// <summary>Into how many pieces <see cref="Touch"/> divides a segment, so the pieces can go to different cores.</summary>
        public const int TouchPieces = 4;

        /// <summary>
        /// Writes a zero into every 4 KB page of one piece of every array: the operating system maps fresh memory on
        /// its first write, so this moves that cost out of the write lock. The arrays still hold only zeros.
        /// </summary>
        public void Touch(int piece)
        {
            TouchPages(MemoryMarshal.AsBytes(Codes.AsSpan()), piece);
            TouchPages(MemoryMarshal.AsBytes(Bits.AsSpan()), piece);
            TouchPages(MemoryMarshal.AsBytes(FaceIds.AsSpan()), piece);
            TouchPages(MemoryMarshal.AsBytes(Scales.AsSpan()), piece);
            TouchPages(MemoryMarshal.AsBytes(Factors.AsSpan()), piece);
            TouchPages(MemoryMarshal.AsBytes(Spreads.AsSpan()), piece);
            TouchPages(MemoryMarshal.AsBytes(Galleries.AsSpan()), piece);
            TouchPages(MemoryMarshal.AsBytes(Ones.AsSpan()), piece);
        }

        private static void TouchPages(Span<byte> bytes, int piece)
        {
            var length = bytes.Length / TouchPieces;
            var part = bytes.Slice(piece * length, piece == TouchPieces - 1 ? bytes.Length - piece * length : length);
            for (var offset = 0; offset < part.Length; offset += 4096)
                Volatile.Write(ref part[offset], 0);
        }

        public Span<sbyte> Row(int row) => Codes.AsSpan(row * Dimensions, Dimensions);
        public Span<ulong> BitsOf(int row) => Bits.AsSpan(row * SignCodes.Words, SignCodes.Words);
    }
}
