using Portal.Domain.Faces;

namespace Portal.Infrastructure.Queue;

/// <summary>
/// The index scores a face by its int8 copy, which differs from the true cosine of the stored embedding by about a
/// thousandth (ADR 0013). A candidate's score is what a reviewer reads, what the threshold decides and what a person
/// template's per-photo scores are compared with, so it is the true cosine: the index is asked with a margin below the
/// threshold and for a few more faces than kept, and every face it returns is scored again from its stored embedding.
/// </summary>
internal static class ExactRescoring
{
    /// <summary>
    /// Ten times the int8 score's spread: each of the 512 stored numbers is rounded to a step of about 1/900 of a unit
    /// vector (the largest rotated number over 127), an error of step/√12 each, and about 0.0003 on a unit query's score.
    /// Kept small because a lower threshold lengthens the index's shortlist (ADR 0013): 0.01 cost headroom at 10 million.
    /// </summary>
    public const float Margin = 0.003f;

    /// <summary>
    /// Room for faces whose order changes when scored exactly: the top k kept are the true top k unless more than this
    /// many faces score within the int8 error of the k-th (near-equal candidates swapping; none at the threshold is lost).
    /// </summary>
    public const int Extra = 16;

    public static (int TopK, float Threshold) Widened(int topK, float threshold) => (topK + Extra, threshold - Margin);

    /// <summary>
    /// The faces of <paramref name="found"/> whose stored embedding reaches <paramref name="threshold"/>, best first, at
    /// most <paramref name="topK"/>. A face without a stored embedding (deleted since the search) is left out.
    /// </summary>
    public static List<FaceMatch> Rescore(float[] query, IEnumerable<FaceMatch> found, IReadOnlyDictionary<Guid, float[]> embeddings,
        int topK, float threshold) =>
        found.Where(m => embeddings.ContainsKey(m.FaceId))
            .Select(m => m with { Similarity = TemplateScoring.Cosine(query, embeddings[m.FaceId]) })
            .Where(m => m.Similarity >= threshold)
            .OrderByDescending(m => m.Similarity)
            .Take(topK)
            .ToList();
}
