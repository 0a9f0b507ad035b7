using System.IO.Compression;
using System.Text;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Evaluations;

/// <summary>Builds evaluation zips in memory: labels.csv plus entries, from the shared faces or from bytes given.</summary>
internal static class EvaluationSetBuilder
{
    /// <summary>The shared faces with a made-up "band" column: identities alternate a, b, a, … in order of first appearance.</summary>
    public static (byte[] Zip, List<(string File, string Identity, string Band)> Rows) SharedFacesSet()
    {
        var lines = File.ReadAllLines(SharedFaces.File("identities.csv")).Skip(1).Where(l => l.Length > 0)
            .Select(l => l.Split(',')).Select(f => (File: f[0], Identity: f[1])).ToList();
        var identities = lines.Select(l => l.Identity).Distinct().ToList();
        var rows = lines.Select(l => (l.File, l.Identity, Band: identities.IndexOf(l.Identity) % 2 == 0 ? "a" : "b")).ToList();
        var csv = "file,identity,band\n" + string.Join("\n", rows.Select(r => $"{r.File},{r.Identity},{r.Band}")) + "\n";
        var entries = rows.Select(r => (r.File, File.ReadAllBytes(SharedFaces.File(r.File)))).ToList();
        return (Zip(csv, entries), rows);
    }

    public static byte[] Zip(string? labels, IEnumerable<(string Name, byte[] Content)> entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            if (labels is not null)
                Add(zip, "labels.csv", Encoding.UTF8.GetBytes(labels));
            foreach (var (name, content) in entries)
                Add(zip, name, content);
        }
        return buffer.ToArray();
    }

    private static void Add(ZipArchive zip, string name, byte[] content)
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
        stream.Write(content);
    }
}
