namespace Portal.Domain.Accuracy;

/// <summary>
/// Genuine (same person) and impostor (different people) similarity scores, each sorted ascending once, so every
/// count at a threshold is a binary search: the arithmetic stays fast for sets of 100,000 pairs and more.
/// </summary>
public sealed class ScoreSets
{
    private readonly double[] _genuine;
    private readonly double[] _impostor;

    public ScoreSets(IEnumerable<double> genuine, IEnumerable<double> impostor)
    {
        _genuine = Sorted(genuine);
        _impostor = Sorted(impostor);
    }

    public IReadOnlyList<double> Genuine => _genuine;
    public IReadOnlyList<double> Impostor => _impostor;

    /// <summary>The sorted impostor scores themselves, for the searches in this folder (never changed by them).</summary>
    internal double[] SortedImpostor => _impostor;

    /// <summary>Impostor pairs the rule calls a match (score at or above the threshold).</summary>
    public int ImpostorMatchesAt(double threshold) => _impostor.Length - CountBelow(_impostor, threshold);

    /// <summary>Genuine pairs the rule misses (score below the threshold).</summary>
    public int GenuineMissesAt(double threshold) => CountBelow(_genuine, threshold);

    /// <summary>How many of the sorted scores are strictly below the threshold, i.e. not a match under <see cref="MatchRule"/>.</summary>
    internal static int CountBelow(double[] sorted, double threshold)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var middle = low + (high - low) / 2;
            if (MatchRule.IsMatch(sorted[middle], threshold))
                high = middle;
            else
                low = middle + 1;
        }
        return low;
    }

    private static double[] Sorted(IEnumerable<double> scores)
    {
        var array = scores.ToArray();
        if (array.Any(double.IsNaN))
            throw new ArgumentException("A similarity score is not a number.", nameof(scores));
        Array.Sort(array);
        return array;
    }
}
