using System.Globalization;
using Portal.Domain.Transparency;
using Portal.Infrastructure.Evaluations;

namespace Portal.Infrastructure.Accountability;

/// <summary>The figures of all pairs or of one group value, as published; a null count or rate is withheld.</summary>
public sealed record PublishedSet(string Label, int? GenuinePairs, int? ImpostorPairs, ReportRate? FalseMatch, ReportRate? FalseNonMatch);

/// <summary>
/// The latest completed evaluation as the public pages and downloads show it (/accountability, /transparency and its
/// CSV and JSON): overall, and the values of each group column under the small-count rule (<see cref="PublishableRates"/>),
/// at most <see cref="MaxGroups"/> of them. The rule holds for a whole column: if one value's rate is withheld, that
/// rate is withheld for every value of the column, since the overall figures minus the values shown would give the
/// hidden one away. Each column withheld is said in words. Aggregates only: never a set's name or a file.
/// </summary>
public sealed record PublishedTest(
    DateTimeOffset CompletedAt,
    int PipelineVersion,
    float Threshold,
    int Photos,
    int PhotosCompared,
    PublishedSet Overall,
    IReadOnlyList<PublishedSet> Groups,
    IReadOnlyList<WithheldFigures> Withheld,
    int GroupsOverCap)
{
    /// <summary>A set with many group columns could list thousands of values; the public page lists this many.</summary>
    public const int MaxGroups = 50;

    public const string NotShown = "not shown";

    public static PublishedTest? From(LatestEvaluation? latest)
    {
        if (latest is null)
            return null;
        var report = latest.Report;
        var overall = Rates(report.Overall);
        var withheld = new List<WithheldFigures>();
        if (!overall.FalseNonMatch)
            withheld.Add(new WithheldFigures(report.Overall.Label, WithheldReason(report.Overall, overall)));
        var publishable = new List<PublishedSet>();
        foreach (var column in report.Groups.GroupBy(g => g.Column!, StringComparer.Ordinal))
        {
            var values = column.ToList();
            // The weakest value decides for the column: a rate shown for some values only could be worked out for the rest.
            var weakest = values.Select(v => (Set: v, Rates: Rates(v))).OrderBy(v => v.Rates.FalseMatch).ThenBy(v => v.Rates.FalseNonMatch).First();
            if (!weakest.Rates.FalseNonMatch)
                withheld.Add(new WithheldFigures(column.Key, WithheldReason(weakest.Set, weakest.Rates)));
            if (weakest.Rates.FalseMatch)
                publishable.AddRange(values.Select(v => Publish(v, weakest.Rates)));
        }
        return new PublishedTest(latest.CompletedAt, report.PipelineVersion, report.Threshold, report.Photos,
            report.Photos - report.NoFace - report.Refused.Sum(r => r.Photos), Publish(report.Overall, overall),
            publishable.Take(MaxGroups).ToList(), withheld, Math.Max(0, publishable.Count - MaxGroups));
    }

    /// <summary>"16.67 % [3.01 % – 56.35 %]": the rate with its 95 % interval, the same on the pages and in the downloads.</summary>
    public static string Text(ReportRate? rate) => rate is null ? NotShown
        : rate.Rate is { } value ? $"{Percent(value)} [{Percent(rate.Lower ?? 0)} – {Percent(rate.Upper ?? 0)}]"
        : "no pairs";

    /// <summary>A withheld pair count as published.</summary>
    public static string Count(int? pairs) => pairs?.ToString(CultureInfo.InvariantCulture) ?? NotShown;

    private static PublishableRates Rates(ReportSet set) => PublishableRates.Of(set.People, set.GenuinePeople, set.GenuinePairs, set.ImpostorPairs);

    private static string WithheldReason(ReportSet set, PublishableRates rates) =>
        !rates.FalseMatch ? (set.Column is null ? $"not shown, fewer than {SmallCount.Threshold} people" : $"not shown, a value has fewer than {SmallCount.Threshold} people")
        : set.GenuinePeople is null ? "false non-match rate not shown, this report did not count the people with two or more photos"
        : set.Column is null ? $"false non-match rate not shown, fewer than {SmallCount.Threshold} people with two or more usable photos"
        : $"false non-match rates not shown, a value has fewer than {SmallCount.Threshold} people with two or more usable photos";

    /// <summary>Genuine pairs go with the false non-match rate and impostor pairs with the false match rate: each is shown with its rate or not at all.</summary>
    private static PublishedSet Publish(ReportSet set, PublishableRates rates) => new(set.Label,
        rates.FalseNonMatch ? set.GenuinePairs : null, rates.FalseMatch ? set.ImpostorPairs : null,
        rates.FalseMatch ? set.FalseMatch : null, rates.FalseNonMatch ? set.FalseNonMatch : null);

    private static string Percent(double value) => (value * 100).ToString("0.##", CultureInfo.InvariantCulture) + " %";
}

/// <summary>A column (or all pairs) whose figures are withheld, and why, in words: "sex: not shown, a value has fewer than 5 people".</summary>
public sealed record WithheldFigures(string Column, string Reason)
{
    public string Text => $"{Column}: {Reason}";
}
