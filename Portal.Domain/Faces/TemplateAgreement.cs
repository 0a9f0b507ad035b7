namespace Portal.Domain.Faces;

/// <summary>
/// Whether the photos of a person template look like one person, checked before it is searched: a mean of two people's
/// embeddings matches both of them, so a template that mixes people (or the wrong face of a group photo) would return
/// strong candidates for the wrong person. Each photo is compared with the normalised mean of the others and must reach
/// the case's threshold, the score at which the case itself would take a face for the same person.
/// </summary>
public static class TemplateAgreement
{
    /// <summary>Each photo's cosine similarity to the normalised mean of the other photos, in the template's order.</summary>
    public static float[] LeaveOneOut(IReadOnlyList<float[]> embeddings)
    {
        if (embeddings.Count < 2)
            throw new ArgumentException("Agreement needs at least two photos.", nameof(embeddings));
        return embeddings.Select((photo, i) =>
            TemplateScoring.Cosine(photo, TemplateScoring.Mean(embeddings.Where((_, j) => j != i).ToList()))).ToArray();
    }

    /// <summary>
    /// The photo that agrees least with the others and its score when it is below <paramref name="threshold"/>, or null
    /// when every photo reaches it. With two photos both score the same, so the first is named.
    /// </summary>
    public static (int Photo, float Score)? Disagreeing(IReadOnlyList<float[]> embeddings, float threshold)
    {
        var scores = LeaveOneOut(embeddings);
        var weakest = Array.IndexOf(scores, scores.Min());
        return scores[weakest] >= threshold ? null : (weakest, scores[weakest]);
    }
}
