using System.ComponentModel.DataAnnotations;

namespace Portal.Infrastructure.Options;

/// <summary>Section "Portal:Evaluations": the limits on an uploaded evaluation set (a zip of photos and labels.csv).</summary>
public sealed class EvaluationOptions
{
    public const string Section = "Portal:Evaluations";

    [Range(1, 2000)]
    public int MaxZipMegabytes { get; set; } = 200;

    [Range(2, 50_000)]
    public int MaxEntries { get; set; } = 5000;

    /// <summary>The cap on one entry's real decompressed size (a zip bomb's header can claim anything).</summary>
    [Range(1, 100)]
    public int MaxEntryMegabytes { get; set; } = 15;

    /// <summary>The cap on the whole set's real decompressed size: many entries each under their own cap can still fill a disk.</summary>
    [Range(1, 20_000)]
    public int MaxSetMegabytes { get; set; } = 500;

    /// <summary>What the data disk must still have free once the set is unpacked, so a set never takes the last of it.</summary>
    [Range(0, 100_000_000)]
    public int MinFreeDiskMegabytes { get; set; } = 1024;

    /// <summary>How long one attempt of the evaluation job may run: thousands of photos take far longer than one search.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan JobTimeLimit { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How often sets' folders left behind are looked for and deleted (<c>EvaluationFolderSweep</c>): an ended run's photos must not wait long.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan FolderSweepInterval { get; set; } = TimeSpan.FromHours(1);

    public long MaxZipBytes => MaxZipMegabytes * 1024L * 1024L;
    public long MaxEntryBytes => MaxEntryMegabytes * 1024L * 1024L;
    public long MaxSetBytes => MaxSetMegabytes * 1024L * 1024L;
    public long MinFreeDiskBytes => MinFreeDiskMegabytes * 1024L * 1024L;
}
