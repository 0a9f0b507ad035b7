namespace Portal.Domain.Accuracy;

/// <summary>The scores of the pairs whose two photos both have <see cref="Value"/> in <see cref="Column"/>.</summary>
public sealed record GroupScores(string Column, string Value, ScoreSets Scores);

/// <summary>All pairs, and the same pairs split by every value of every group column.</summary>
public sealed record GroupedScores(ScoreSets Overall, IReadOnlyList<GroupScores> Groups);

public static class GroupSplit
{
    /// <summary>
    /// Every pair of two different photos: genuine when both show the same identity, impostor otherwise. A pair
    /// belongs to a group value only when BOTH photos have that value, so a group's rates describe comparisons
    /// within the group (as FRVT reports them), not a mixture with the rest. <paramref name="score"/> is asked once
    /// per pair, with the indexes of the two photos in <paramref name="photos"/>; null leaves the pair out (a photo
    /// without a usable face), while its group values are still listed.
    /// </summary>
    public static GroupedScores Of(IReadOnlyList<LabelledPhoto> photos, IReadOnlyList<string> columns, Func<int, int, double?> score)
    {
        var overall = new Bucket();
        var buckets = new Dictionary<(string Column, string Value), Bucket>();
        for (var i = 0; i < photos.Count; i++)
        {
            for (var j = i + 1; j < photos.Count; j++)
            {
                if (score(i, j) is not { } similarity)
                    continue;
                var genuine = string.Equals(photos[i].Identity, photos[j].Identity, StringComparison.Ordinal);
                overall.Add(genuine, similarity);
                foreach (var column in columns)
                {
                    if (photos[i].ValueOf(column) is { } value && value == photos[j].ValueOf(column))
                    {
                        if (!buckets.TryGetValue((column, value), out var bucket))
                            buckets[(column, value)] = bucket = new Bucket();
                        bucket.Add(genuine, similarity);
                    }
                }
            }
        }
        // Every value seen, even one whose photos form no pair, so a group is never silently missing from a report.
        var groups = columns
            .SelectMany(column => photos.Select(p => p.ValueOf(column)).OfType<string>().Distinct().Order(StringComparer.Ordinal)
                .Select(value => new GroupScores(column, value, (buckets.GetValueOrDefault((column, value)) ?? new Bucket()).ToScores())))
            .ToList();
        return new GroupedScores(overall.ToScores(), groups);
    }

    private sealed class Bucket
    {
        private readonly List<double> _genuine = [];
        private readonly List<double> _impostor = [];

        public void Add(bool genuine, double score) => (genuine ? _genuine : _impostor).Add(score);

        public ScoreSets ToScores() => new(_genuine, _impostor);
    }
}
