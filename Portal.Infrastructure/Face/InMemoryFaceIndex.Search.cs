using Portal.Domain.Faces;

namespace Portal.Infrastructure.Face;

public sealed partial class InMemoryFaceIndex
{
    /// <summary>
    /// How many faces the sign-code scan may hand to exact scoring (ADR 0013). At the default threshold a search of
    /// ten million random faces leaves about 1,230 (measured), so this leaves room for three times as many; a longer
    /// list would only cost time when the threshold is so low that the bounds cannot narrow the field, and then the
    /// exact scan takes over anyway.
    /// </summary>
    internal const int ShortlistSize = 4096;

    /// <summary>How each search was answered, for the benchmark: shortlists scored, and exact scans fallen back to.</summary>
    internal SearchCounters Counters { get; } = new();

    public IReadOnlyList<FaceMatch> Search(ReadOnlySpan<float> query, IReadOnlySet<Guid> galleries, int k, float threshold)
    {
        if (query.Length != Dimensions)
            throw new ArgumentException($"A query has {Dimensions} numbers, not {query.Length}.", nameof(query));
        if (k <= 0 || galleries.Count == 0)
            return [];
        var queryCopy = query.ToArray();
        var signQuery = new SignQuery(queryCopy);

        _lock.EnterReadLock();
        try
        {
            var allowed = AllowedOrdinals(galleries);
            if (allowed is null || _count == 0)
                return [];

            var shortlist = Shortlist(signQuery, allowed, threshold);
            var matches = Exact(queryCopy, shortlist.Items, k, threshold);
            // Complete when nothing that might reach the threshold was turned away, or when the k found are at least
            // as good as the best that was. Otherwise (a threshold so low the bounds cannot narrow the field) every
            // allowed face is scored.
            if (shortlist.Dropped < threshold || (matches.Count == k && matches[^1].Similarity >= shortlist.Dropped))
            {
                Counters.Shortlisted(shortlist.Count);
                return matches;
            }
            Counters.FellBack();
            return Exact(queryCopy, ScanAll(queryCopy, allowed, Math.Max(4 * k, 64)), k, threshold);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    private bool[]? AllowedOrdinals(IReadOnlySet<Guid> galleries)
    {
        var allowed = new bool[_galleries.Count];
        var any = false;
        foreach (var gallery in galleries)
        {
            if (_galleryOrdinals.TryGetValue(gallery, out var ordinal))
                any = allowed[ordinal] = true;
        }
        return any ? allowed : null;
    }

    /// <summary>
    /// The first stage: every allowed face whose upper bound reaches the threshold, best bounds first if there are
    /// more than <see cref="ShortlistSize"/>. The gallery check comes before any arithmetic, so searching a few
    /// galleries costs a pass over their ordinals and never loses a face of theirs to faces elsewhere.
    /// </summary>
    private TopK Shortlist(SignQuery query, bool[] allowed, float threshold)
    {
        var heaps = InParallel(segment => new TopK(ShortlistSize), (heap, s, segment, rows) =>
            query.Scan(segment.Bits, segment.Ones, segment.Factors, segment.Spreads, segment.Galleries, rows, allowed, threshold, heap, s * SegmentSize));
        var merged = new TopK(ShortlistSize);
        foreach (var heap in heaps)
        {
            merged.Drop(heap.Dropped);
            foreach (var (score, slot) in heap.Items)
                merged.Offer(score, slot);
        }
        return merged;
    }

    /// <summary>The fallback: an approximate score of every allowed face from its bytes, the best kept for exact scoring.</summary>
    private IEnumerable<(float Score, int Slot)> ScanAll(float[] query, bool[] allowed, int pool)
    {
        var queryCodes = new short[Dimensions];
        QuantizedVectors.QuantizeQuery(query, queryCodes);
        var heaps = InParallel(segment => new TopK(pool), (heap, s, segment, rows) =>
        {
            for (var row = 0; row < rows; row++)
            {
                if (!allowed[segment.Galleries[row]])
                    continue;
                var score = QuantizedVectors.Dot(segment.Row(row), queryCodes) * segment.Scales[row];
                if (score > heap.Floor)
                    heap.Offer(score, s * SegmentSize + row);
            }
        });
        var merged = new TopK(pool);
        foreach (var heap in heaps)
            foreach (var (score, slot) in heap.Items)
                merged.Offer(score, slot);
        return merged.Items;
    }

    /// <summary>One heap per worker over an interleaved share of the segments.</summary>
    private TopK[] InParallel(Func<int, TopK> heapFor, Action<TopK, int, Segment, int> scanSegment)
    {
        var segmentCount = (_count + SegmentSize - 1) / SegmentSize;
        var workers = Math.Min(Environment.ProcessorCount, segmentCount);
        var heaps = new TopK[workers];
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, worker =>
        {
            var heap = heaps[worker] = heapFor(worker);
            for (var s = worker; s < segmentCount; s += workers)
                scanSegment(heap, s, _segments[s], Math.Min(SegmentSize, _count - s * SegmentSize));
        });
        return heaps;
    }

    /// <summary>
    /// The second stage: exact scores of the candidates, those at or above the threshold, best first. A quick integer
    /// score with a 16-bit query rules out most candidates first; its rounding error is at most 127 × 512 × half a
    /// query step per unit of the face's scale, so nothing that could reach the threshold is ruled out.
    /// </summary>
    private List<FaceMatch> Exact(float[] query, IEnumerable<(float Score, int Slot)> candidates, int k, float threshold)
    {
        var codes = new short[Dimensions];
        var queryScale = QuantizedVectors.QuantizeQuery(query, codes);
        var slack = sbyte.MaxValue * Dimensions * queryScale / 2;
        var scored = new List<(int Slot, double Exact)>();
        foreach (var (_, slot) in candidates)
        {
            var scale = ScaleOf(slot);
            if (QuantizedVectors.Dot(RowOf(slot), codes) * queryScale * scale + slack * scale < threshold)
                continue;
            var exact = QuantizedVectors.ExactDot(query, RowOf(slot), scale);
            if (exact >= threshold)
                scored.Add((slot, exact));
        }
        return scored
            .OrderByDescending(c => c.Exact)
            .Take(k)
            .Select(c => new FaceMatch(FaceOf(c.Slot), _galleries[GalleryOf(c.Slot)], (float)c.Exact))
            .ToList();
    }
}
