namespace Portal.Infrastructure.Face;

public sealed partial class InMemoryFaceIndex
{
    /// <summary>The exact score of one stored face against a query, or null if the face is not indexed: a benchmark's truth.</summary>
    internal double? ExactSimilarity(Guid faceId, float[] query)
    {
        _lock.EnterReadLock();
        try
        {
            return _slotOfFace.TryGet(faceId, out var slot) ? QuantizedVectors.ExactDot(query, RowOf(slot), ScaleOf(slot)) : null;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Every face whose exact score reaches the threshold, by scoring all of them: a benchmark's truth.</summary>
    internal List<(Guid FaceId, Guid GalleryId, double Similarity)> BruteForceAtOrAbove(float[] query, float threshold)
    {
        _lock.EnterReadLock();
        try
        {
            var found = new List<(Guid, Guid, double)>();
            Parallel.For(0, _count, slot =>
            {
                var score = QuantizedVectors.ExactDot(query, RowOf(slot), ScaleOf(slot));
                if (score >= threshold)
                    lock (found) found.Add((FaceOf(slot), _galleries[GalleryOf(slot)], score));
            });
            return found;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }
}
