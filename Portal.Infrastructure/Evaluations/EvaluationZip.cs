using System.IO.Compression;
using System.Text;
using Portal.Infrastructure.Options;

namespace Portal.Infrastructure.Evaluations;

/// <summary>An uploaded set the portal will not take, with the sentence for the admin and a short reason for the audit log.</summary>
public sealed class EvaluationZipException(string message, string auditReason) : Exception(message)
{
    public string AuditReason { get; } = auditReason;
}

/// <summary>
/// Unpacks an evaluation set: a zip holding <c>labels.csv</c> and the photos it names. Entry names are normalised
/// and refused when absolute, holding <c>..</c>, or repeated. Names are compared without regard to case everywhere
/// (entries with entries, rows with rows, rows with entries): on a case-insensitive disk <c>a.jpg</c> and <c>A.JPG</c>
/// are one file, and on any disk two rows for one photo would count its pairs twice. Only files named in the CSV are
/// read, each once, through caps on the bytes actually inflated, per entry and for the whole set (a zip bomb's header
/// may claim anything), and only while the data disk has room for the set and a reserve besides (<see cref="DiskRoom"/>).
/// </summary>
public static class EvaluationZip
{
    public const string LabelsName = "labels.csv";

    public static LabelsCsv Extract(string zipPath, string photosFolder, EvaluationOptions limits, IFreeDiskSpace disk)
    {
        using var zip = Open(zipPath);
        if (zip.Entries.Count > limits.MaxEntries)
            throw new EvaluationZipException($"The zip holds {zip.Entries.Count} entries; at most {limits.MaxEntries} are taken.", "too many entries");
        var entries = new Dictionary<string, ZipArchiveEntry>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in zip.Entries.Where(e => !e.FullName.EndsWith('/')))
        {
            var name = Normalised(entry.FullName);
            if (!entries.TryAdd(name, entry))
                throw new EvaluationZipException($"The zip holds {name} twice (upper and lower case count as the same name); each file once, please.", "duplicate entry");
        }
        if (!entries.TryGetValue(LabelsName, out var labelsEntry))
            throw new EvaluationZipException($"The zip has no {LabelsName} at its top level; it must hold one (header file,identity then any group columns).", "no labels.csv");

        var budget = new InflatedBytes(limits.MaxEntryBytes, limits.MaxSetBytes);
        var labels = ParseLabels(budget.ReadAll(labelsEntry, Normalised(labelsEntry.FullName)));
        if (labels.Photos.Count > limits.MaxEntries)
            throw new EvaluationZipException($"{LabelsName} has {labels.Photos.Count} rows; at most {limits.MaxEntries} photos are taken.", "too many rows");
        var named = labels.Photos.Select(p => Normalised(p.File)).ToList();
        if (named.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new EvaluationZipException($"{LabelsName} names {twice.Key} twice (upper and lower case count as the same name); each photo once, please.", "duplicate row");
        if (named.Any(n => string.Equals(n, LabelsName, StringComparison.OrdinalIgnoreCase)))
            throw new EvaluationZipException($"{LabelsName} names itself as a photo; list the photos only.", "labels.csv listed");
        var missing = named.Where(n => !entries.ContainsKey(n)).ToList();
        if (missing.Count > 0)
            throw new EvaluationZipException(
                $"{missing.Count} {(missing.Count == 1 ? "row of labels.csv names a file" : "rows of labels.csv name files")} not in the zip: " +
                $"{string.Join(", ", missing.Take(10))}{(missing.Count > 10 ? ", …" : "")}.", "files missing");

        var root = Directory.CreateDirectory(photosFolder).FullName;
        var room = new DiskRoom(root, limits, disk);
        room.Require(named.Sum(n => Math.Max(0, entries[n].Length)));
        foreach (var name in named)
        {
            var target = Path.GetFullPath(Path.Combine(root, name));
            // Belt and braces: the normalised name cannot leave the folder, and this proves it did not.
            if (!target.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                throw new EvaluationZipException($"The entry {name} would be written outside the set's folder.", "unsafe entry name");
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            budget.CopyTo(entries[name], name, target, room);
        }
        // The CSV's names normalised as the files were written, so the job finds each one.
        return labels with { Photos = labels.Photos.Select((p, i) => p with { File = named[i] }).ToList() };
    }

    /// <summary>Forward slashes, no leading "./"; refused when absolute, with a drive, or with a "." or ".." segment.</summary>
    public static string Normalised(string name)
    {
        var slashed = name.Replace('\\', '/');
        while (slashed.StartsWith("./", StringComparison.Ordinal))
            slashed = slashed[2..];
        var segments = slashed.Split('/');
        if (slashed.Length == 0 || slashed.StartsWith('/') || slashed.Contains(':') || slashed.Contains('\0')
            || segments.Any(s => s is "" or "." or ".."))
            throw new EvaluationZipException($"The name {name} is not a plain relative path (no leading /, no drive, no . or .. parts); rename it and zip again.", "unsafe entry name");
        return slashed;
    }

    private static ZipArchive Open(string zipPath)
    {
        try
        {
            return ZipFile.OpenRead(zipPath);
        }
        catch (InvalidDataException)
        {
            throw new EvaluationZipException("The file is not a zip archive the portal can read.", "not a zip");
        }
    }

    private static LabelsCsv ParseLabels(byte[] text)
    {
        try
        {
            return LabelsCsv.Parse(Encoding.UTF8.GetString(text), $"The zip's {LabelsName}");
        }
        catch (LabelsCsvException problem)
        {
            throw new EvaluationZipException(problem.Message, "labels unreadable");
        }
    }
}
