using System.Globalization;
using Portal.Domain.Transparency;
using Portal.Infrastructure.Evaluations;

namespace Portal.Infrastructure.Accountability;

/// <summary>The figures of all pairs or of one group value, as published.</summary>
public sealed record PublishedSet(string Label, int GenuinePairs, int ImpostorPairs, ReportRate FalseMatch, ReportRate FalseNonMatch);

/// <summary>
/// The latest completed evaluation as the public pages and downloads show it (/accountability, /transparency and its
/// CSV and JSON): overall, and each group value that provably holds at least 5 people (<see cref="GroupSize"/>), at most
/// <see cref="MaxGroups"/> of them. The others are only counted. Aggregates only: never a set's name or a file.
/// </summary>
public sealed record PublishedTest(
    DateTimeOffset CompletedAt,
    int PipelineVersion,
    float Threshold,
    int Photos,
    int PhotosCompared,
    PublishedSet Overall,
    IReadOnlyList<PublishedSet> Groups,
    int GroupsWithFewPeople,
    int GroupsOverCap)
{
    /// <summary>A set with many group columns could list thousands of values; the public page lists this many.</summary>
    public const int MaxGroups = 50;

    public static PublishedTest? From(LatestEvaluation? latest)
    {
        if (latest is null)
            return null;
        var report = latest.Report;
        var groups = report.Groups.ToList();
        var publishable = groups.Where(g => GroupSize.MayPublish(g.GenuinePairs, g.ImpostorPairs)).Select(Publish).ToList();
        return new PublishedTest(latest.CompletedAt, report.PipelineVersion, report.Threshold, report.Photos,
            report.Photos - report.NoFace - report.Refused.Sum(r => r.Photos), Publish(report.Overall),
            publishable.Take(MaxGroups).ToList(), groups.Count - publishable.Count, Math.Max(0, publishable.Count - MaxGroups));
    }

    /// <summary>"16.67 % [3.01 % – 56.35 %]": the rate with its 95 % interval, the same on the pages and in the downloads.</summary>
    public static string Text(ReportRate rate) => rate.Rate is { } value
        ? $"{Percent(value)} [{Percent(rate.Lower ?? 0)} – {Percent(rate.Upper ?? 0)}]"
        : "no pairs";

    /// <summary>"2 group values with fewer than 5 people not shown", or null when every group is shown.</summary>
    public string? NotShownText => GroupsWithFewPeople == 0 ? null
        : $"{GroupsWithFewPeople} group {(GroupsWithFewPeople == 1 ? "value" : "values")} with fewer than {SmallCount.Threshold} people not shown";

    private static PublishedSet Publish(ReportSet set) => new(set.Label, set.GenuinePairs, set.ImpostorPairs, set.FalseMatch, set.FalseNonMatch);

    private static string Percent(double value) => (value * 100).ToString("0.##", CultureInfo.InvariantCulture) + " %";
}
