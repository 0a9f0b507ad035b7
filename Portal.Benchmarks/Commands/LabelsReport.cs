using System.Globalization;
using Portal.Domain.Accuracy;

namespace Portal.Benchmarks.Commands;

/// <summary>The console table and the --json figures of <see cref="EvaluateLabels"/>.</summary>
internal static class LabelsReport
{
    public static void Print(EvaluationOutcome outcome)
    {
        var overall = outcome.Overall;
        Console.WriteLine($"photos: {outcome.Photos}; no usable face: {outcome.NoFace.Count}{List(outcome.NoFace)}; refused: {outcome.Refused.Count}");
        foreach (var refused in outcome.Refused)
            Console.WriteLine($"  refused {refused.File}: {refused.Refusal}");
        Console.WriteLine(Invariant($"threshold {outcome.Threshold:0.000} (the portal's default; a score at or above it is a match)"));
        Console.WriteLine($"{"set",-24} {"genuine",8} {"impostor",9}  {"FMR [Wilson 95 % CI]",-26} {"FNMR [Wilson 95 % CI]",-26} {"AUC",6}");
        foreach (var set in outcome.Sets)
        {
            var f = set.Figures;
            Console.WriteLine($"{set.Name,-24} {f.GenuinePairs,8} {f.ImpostorPairs,9}  {Rate(f.AtThreshold.FalseMatch),-26} {Rate(f.AtThreshold.FalseNonMatch),-26} {Number(f.Auc, "0.0000"),6}");
        }
        Console.WriteLine("threshold for a target FMR (the lowest with FMR at most the target):");
        foreach (var set in outcome.Sets)
            Console.WriteLine($"{set.Name,-24} {string.Join("; ", set.Figures.ThresholdsForTargets.Select(Target))}");
        Console.WriteLine(Invariant($"RESULT evaluate-labels photos={outcome.Photos} no_face={outcome.NoFace.Count} refused={outcome.Refused.Count} genuine={overall.GenuinePairs} impostor={overall.ImpostorPairs} threshold={outcome.Threshold:0.000} fmr={Number(overall.AtThreshold.FalseMatch.Rate, "0.0000")} fnmr={Number(overall.AtThreshold.FalseNonMatch.Rate, "0.0000")} accuracy={Number(overall.AtThreshold.Accuracy, "0.0000")} auc={Number(overall.Auc, "0.0000")} groups={outcome.Sets.Count - 1}"));
    }

    public static Dictionary<string, object?> Json(EvaluationOutcome outcome)
    {
        var json = new Dictionary<string, object?>
        {
            ["photos"] = outcome.Photos, ["threshold"] = outcome.Threshold,
            ["no_face"] = outcome.NoFace.Count, ["no_face_files"] = outcome.NoFace,
            ["refused"] = outcome.Refused.Count,
            ["refused_files"] = outcome.Refused.Select(r => new Dictionary<string, string?> { ["file"] = r.File, ["reason"] = r.Refusal }).ToList(),
        };
        foreach (var (key, value) in Figures(outcome.Overall))
            json[key] = value;
        // groups → column → value → figures, as the transparency report will read them.
        json["groups"] = outcome.Sets.Where(s => s.Column is not null).GroupBy(s => s.Column!)
            .ToDictionary(c => c.Key, c => c.ToDictionary(s => s.Value!, s => Figures(s.Figures)));
        return json;
    }

    /// <summary>The figures of one set; a rate without pairs is null ("no data"), never NaN.</summary>
    private static Dictionary<string, object?> Figures(AccuracyFigures f) => new()
    {
        ["accuracy"] = Round(f.AtThreshold.Accuracy), ["auc"] = Round(f.Auc),
        ["fmr"] = Round(f.AtThreshold.FalseMatch.Rate), ["fmr_lower"] = Round(f.AtThreshold.FalseMatch.Interval?.Lower),
        ["fmr_upper"] = Round(f.AtThreshold.FalseMatch.Interval?.Upper), ["false_matches"] = f.AtThreshold.FalseMatch.Errors,
        ["fnmr"] = Round(f.AtThreshold.FalseNonMatch.Rate), ["fnmr_lower"] = Round(f.AtThreshold.FalseNonMatch.Interval?.Lower),
        ["fnmr_upper"] = Round(f.AtThreshold.FalseNonMatch.Interval?.Upper), ["false_non_matches"] = f.AtThreshold.FalseNonMatch.Errors,
        ["genuine_pairs"] = f.GenuinePairs, ["impostor_pairs"] = f.ImpostorPairs,
        ["threshold_for_fmr"] = f.ThresholdsForTargets.ToDictionary(t => t.TargetFalseMatchRate.ToString(CultureInfo.InvariantCulture), TargetJson),
        ["det"] = f.Det.Select(p => new[] { Math.Round(p.Threshold, 6), Math.Round(p.FalseMatchRate, 6), Math.Round(p.FalseNonMatchRate, 6) }).ToList(),
        ["histogram"] = f.Histogram.Select(b => new Dictionary<string, object> { ["from"] = b.From, ["to"] = b.To, ["genuine"] = b.Genuine, ["impostor"] = b.Impostor }).ToList(),
    };

    private static Dictionary<string, object?> TargetJson(ThresholdForTarget target) => target switch
    {
        ThresholdFound found => new() { ["threshold"] = Math.Round(found.Threshold, 6), ["fmr"] = Round(found.Rates.FalseMatch.Rate), ["fnmr"] = Round(found.Rates.FalseNonMatch.Rate) },
        NotEnoughImpostorPairs missing => new() { ["threshold"] = null, ["not_enough_impostor_pairs"] = true, ["impostor_pairs"] = missing.Available, ["impostor_pairs_needed"] = missing.Needed },
        _ => throw new InvalidOperationException($"Unknown result {target}."),
    };

    private static string Rate(RateEstimate rate) => rate.Interval is { } interval
        ? Invariant($"{rate.Rate:0.0000} [{interval.Lower:0.0000}, {interval.Upper:0.0000}]")
        : "no data";

    private static string Target(ThresholdForTarget target) => target switch
    {
        ThresholdFound found => Invariant($"FMR {target.TargetFalseMatchRate}: {found.Threshold:0.0000} (FMR there {found.Rates.FalseMatch.Rate:0.0000}, FNMR {found.Rates.FalseNonMatch.Rate:0.0000})"),
        NotEnoughImpostorPairs missing => Invariant($"FMR {target.TargetFalseMatchRate}: not enough impostor pairs ({missing.Available} of {missing.Needed})"),
        _ => throw new InvalidOperationException($"Unknown result {target}."),
    };

    private static string List(IReadOnlyList<string> files) => files.Count == 0 ? "" : $" ({string.Join(", ", files)})";
    private static double? Round(double? value) => value is { } v ? Math.Round(v, 6) : null;
    private static string Number(double? value, string format) => value?.ToString(format, CultureInfo.InvariantCulture) ?? "n/a";
    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
