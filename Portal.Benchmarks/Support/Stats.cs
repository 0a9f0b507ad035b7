namespace Portal.Benchmarks.Support;

internal static class Stats
{
    public static double Median(IReadOnlyList<double> values) => Percentile(values, 0.5);

    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0)
            return double.NaN;
        var sorted = values.Order().ToArray();
        var rank = p * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }

    /// <summary>The process's peak resident memory in MB (Linux VmHWM), or NaN where unknown.</summary>
    public static double PeakRssMegabytes() => StatusMegabytes("VmHWM:");

    public static double RssMegabytes() => StatusMegabytes("VmRSS:");

    /// <summary>Resets the kernel's peak-RSS mark (VmHWM) to the current RSS, so the next peak is one step's own (Linux only).</summary>
    public static void ResetPeakRss()
    {
        if (File.Exists("/proc/self/clear_refs"))
            File.WriteAllText("/proc/self/clear_refs", "5");
    }

    private static double StatusMegabytes(string field)
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status))
            return double.NaN;
        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        return line is null ? double.NaN : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
    }
}
