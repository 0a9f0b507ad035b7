namespace Portal.Domain.Accuracy;

/// <summary>The area under the ROC curve.</summary>
public static class RocArea
{
    /// <summary>
    /// The probability that a random genuine pair scores above a random impostor pair, ties counting half. One
    /// binary search per genuine score over the sorted impostors (O(n log m)), not every pair against every pair.
    /// Null when either set is empty.
    /// </summary>
    public static double? Of(ScoreSets scores)
    {
        var genuine = scores.Genuine;
        var impostor = scores.SortedImpostor;
        if (genuine.Count == 0 || impostor.Length == 0)
            return null;
        double wins = 0;
        foreach (var g in genuine)
        {
            var below = ScoreSets.CountBelow(impostor, g);          // impostors < g
            var notAbove = impostor.Length - CountAbove(impostor, g); // impostors <= g
            wins += below + 0.5 * (notAbove - below);
        }
        return wins / ((double)genuine.Count * impostor.Length);
    }

    private static int CountAbove(double[] sorted, double value)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var middle = low + (high - low) / 2;
            if (sorted[middle] > value)
                high = middle;
            else
                low = middle + 1;
        }
        return sorted.Length - low;
    }
}
