using Portal.Domain.Accuracy;

namespace Portal.Infrastructure.Evaluations;

/// <summary>From each photo's reading to the report's aggregates: all pairs, then every value of every group column.</summary>
public static class EvaluationScoring
{
    public static EvaluationReport Report(LabelsCsv labels, IReadOnlyDictionary<string, PhotoReading> readings, float threshold, int pipelineVersion)
    {
        var embeddings = labels.Photos.Select(p => readings[p.File].Embedding).ToList();
        var split = GroupSplit.Of(labels.Photos, labels.GroupColumns,
            (i, j) => embeddings[i] is { } a && embeddings[j] is { } b ? Cosine(a, b) : null);
        // People counted at run time, from the labels: pair counts alone cannot say whose genuine pairs they are.
        var people = GroupPeople.Of(labels.Photos, labels.GroupColumns, i => embeddings[i] is not null);
        var sets = new List<ReportSet> { EvaluationReport.Set(null, null, AccuracyFigures.Of(split.Overall, threshold), people.Overall) };
        sets.AddRange(split.Groups.Select(g => EvaluationReport.Set(g.Column, g.Value, AccuracyFigures.Of(g.Scores, threshold), people.Of(g.Column, g.Value))));
        // Reasons counted, never the files: a file name can name a person.
        var refused = readings.Values.Where(r => r.Refused).GroupBy(r => r.Refusal!).Select(g => new RefusalCount(g.Key, g.Count()))
            .OrderByDescending(r => r.Photos).ToList();
        return new EvaluationReport(threshold, pipelineVersion, labels.Photos.Count, readings.Values.Count(r => r.NoFace), refused, sets);
    }

    /// <summary>The embeddings are unit length, so their dot product is the cosine the index scores with (as the benchmark computes it).</summary>
    private static float Cosine(float[] a, float[] b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
            sum += a[i] * b[i];
        return (float)sum;
    }
}
