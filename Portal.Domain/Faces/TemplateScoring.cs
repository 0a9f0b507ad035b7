namespace Portal.Domain.Faces;

/// <summary>How several photos of one person are scored against a face as one template (issue 18, point 5).</summary>
public enum TemplateMethod
{
    /// <summary>The mean of the photos' normalised embeddings, normalised again, compared once.</summary>
    MeanEmbedding,

    /// <summary>Each photo compared on its own; the template's score is the best of them.</summary>
    BestOfPhotos,
}

/// <summary>
/// The arithmetic of a person template, kept here so the benchmark that chose the method and the search that uses it
/// cannot drift apart. Embeddings are compared by the dot product of L2-normalised vectors (cosine similarity).
/// </summary>
public static class TemplateScoring
{
    /// <summary>
    /// Measured with <c>template-compare</c> on the shared faces (docs/face-threshold.md, "Several photos of one
    /// person"): the mean widens the margin and lowers the highest impostor score.
    /// </summary>
    public const TemplateMethod Chosen = TemplateMethod.MeanEmbedding;

    /// <summary>The method as the threshold document and reports name it.</summary>
    public static string Label(this TemplateMethod method) => method switch
    {
        TemplateMethod.MeanEmbedding => "Mean of the photos' embeddings",
        TemplateMethod.BestOfPhotos => "Best of the photos' own scores",
        _ => method.ToString(),
    };

    /// <summary>The mean of the normalised embeddings, normalised again; the embeddings themselves are left as they are.</summary>
    public static float[] Mean(IReadOnlyList<float[]> embeddings)
    {
        if (embeddings.Count == 0)
            throw new ArgumentException("A template needs at least one embedding.", nameof(embeddings));
        var sum = new double[embeddings[0].Length];
        foreach (var embedding in embeddings)
        {
            if (embedding.Length != sum.Length)
                throw new ArgumentException("Every embedding of a template must have the same length.", nameof(embeddings));
            var norm = Norm(embedding);
            for (var i = 0; i < sum.Length; i++)
                sum[i] += norm == 0 ? 0 : embedding[i] / norm;
        }
        var total = Math.Sqrt(sum.Sum(v => v * v));
        return sum.Select(v => total == 0 ? 0f : (float)(v / total)).ToArray();
    }

    /// <summary>Cosine similarity of two vectors (each normalised here, so callers need not have done it).</summary>
    public static float Cosine(float[] a, float[] b)
    {
        double dot = 0;
        for (var i = 0; i < a.Length; i++)
            dot += a[i] * (double)b[i];
        var norms = Norm(a) * Norm(b);
        return norms == 0 ? 0f : (float)(dot / norms);
    }

    /// <summary>The score of each photo of the template against <paramref name="face"/>, in the template's order.</summary>
    public static float[] PerPhoto(IReadOnlyList<float[]> photos, float[] face) => photos.Select(p => Cosine(p, face)).ToArray();

    /// <summary>The template's score against <paramref name="face"/> by <paramref name="method"/>.</summary>
    public static float Score(TemplateMethod method, IReadOnlyList<float[]> photos, float[] face) => method switch
    {
        TemplateMethod.MeanEmbedding => Cosine(Mean(photos), face),
        TemplateMethod.BestOfPhotos => PerPhoto(photos, face).Max(),
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };

    private static double Norm(float[] v)
    {
        double sum = 0;
        foreach (var x in v)
            sum += x * (double)x;
        return Math.Sqrt(sum);
    }
}
