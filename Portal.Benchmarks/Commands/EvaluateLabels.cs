using Portal.Benchmarks.Support;
using Portal.Domain.Accuracy;
using Portal.Infrastructure.Evaluations;

namespace Portal.Benchmarks.Commands;

/// <summary>The figures of one set of pairs: all of them, or those within one value of one group column.</summary>
internal sealed record SetFigures(string Name, string? Column, string? Value, AccuracyFigures Figures);

/// <summary>
/// evaluate --labels &lt;csv&gt; [--images &lt;root&gt;] [--json &lt;file&gt;]: a labelled evaluation set (header
/// file,identity then any group columns) through the portal's upload path; FMR and FNMR with 95 % intervals at the
/// default threshold, overall and for every value of every group column, and the threshold for FMR 0.01 and 0.001
/// where there are impostor pairs enough to say so.
/// </summary>
internal static class EvaluateLabels
{
    public static async Task<int> RunAsync(Arguments arguments)
    {
        var labelsPath = arguments.Required("labels");
        LabelsCsv labels;
        try
        {
            labels = LabelsCsv.Read(labelsPath);
        }
        catch (LabelsCsvException problem)
        {
            Console.Error.WriteLine($"evaluate: {problem.Message}");
            return 2;
        }
        // File paths are relative to --images, or to the labels file's own folder, as a zip's CSV would be.
        var root = arguments.Optional("images") ?? Path.GetDirectoryName(Path.GetFullPath(labelsPath))!;
        if (!Directory.Exists(root))
        {
            Console.Error.WriteLine($"evaluate: the image folder {root} does not exist.");
            return 2;
        }

        Dictionary<string, PhotoReading> readings;
        using (var pipeline = Engine.Create())
        using (var photos = new UploadedPhotos(pipeline, Engine.Reader, Directory.CreateTempSubdirectory("reunite-evaluate").FullName))
            readings = await photos.ReadAllAsync(root, labels.Photos.Select(p => p.File));

        var embeddings = labels.Photos.Select(p => readings[p.File].Embedding).ToList();
        var split = GroupSplit.Of(labels.Photos, labels.GroupColumns,
            (i, j) => embeddings[i] is { } a && embeddings[j] is { } b ? Embeddings.Cosine(a, b) : null);
        double threshold = Engine.Options.DefaultThreshold;

        var sets = new List<SetFigures> { new("all", null, null, AccuracyFigures.Of(split.Overall, threshold)) };
        sets.AddRange(split.Groups.Select(g => new SetFigures($"{g.Column}={g.Value}", g.Column, g.Value, AccuracyFigures.Of(g.Scores, threshold))));
        var outcome = new EvaluationOutcome(labels.Photos.Count, readings.Values.Where(r => r.NoFace).Select(r => r.File).ToList(),
            readings.Values.Where(r => r.Refused).ToList(), Engine.Options.DefaultThreshold, sets);

        LabelsReport.Print(outcome);
        JsonReport.WriteIfAsked(arguments, LabelsReport.Json(outcome));
        return 0;
    }
}

/// <summary>What the run found: the photos that could not be scored and the figures of every set.</summary>
internal sealed record EvaluationOutcome(int Photos, IReadOnlyList<string> NoFace, IReadOnlyList<PhotoReading> Refused, float Threshold,
    IReadOnlyList<SetFigures> Sets)
{
    public AccuracyFigures Overall => Sets[0].Figures;
}
