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
    /// <summary>Far wider than the int8 error (at most about 0.002 measured), so no face at the threshold is lost.</summary>
    public const float Margin = 0.01f;

    /// <summary>Room for faces whose order changes when scored exactly, so the top k kept are the true top k.</summary>
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
