using System.IO.Compression;
using Portal.Infrastructure.Evaluations;
using Portal.Tests.Support;

namespace Portal.Tests.Web.EndToEnd;

/// <summary>
/// Twelve photos of four people from ../shared/faces (three each; leonard, whose face one photo cuts off, left out),
/// the first two people in grp A and the others in B, zipped with labels.csv in a temporary folder, never the repository.
/// </summary>
internal sealed record LabelledSet(string ZipPath, List<(string File, string Identity, string Group)> Rows)
{
    public static LabelledSet Build(string folder)
    {
        var people = File.ReadAllLines(SharedFaces.File("identities.csv")).Skip(1).Where(l => l.Length > 0)
            .Select(l => l.Split(',')).Select(f => (File: f[0], Identity: f[1]))
            .Where(r => r.Identity != "leonard").GroupBy(r => r.Identity).Where(g => g.Count() >= 3).Take(4).ToList();
        var rows = people.SelectMany((person, i) => person.Take(3).Select(r => (r.File, r.Identity, Group: i < 2 ? "A" : "B"))).ToList();
        var zipPath = Path.Combine(folder, "shared-faces.zip");
        using (var zip = ZipFile.Open(zipPath, ZipArchiveMode.Create))
        {
            using (var labels = new StreamWriter(zip.CreateEntry(EvaluationZip.LabelsName).Open()))
            {
                labels.Write("file,identity,grp\n");
                foreach (var row in rows)
                    labels.Write($"{row.File},{row.Identity},{row.Group}\n");
            }
            foreach (var row in rows)
                zip.CreateEntryFromFile(SharedFaces.File(row.File), row.File);
        }
        return new LabelledSet(zipPath, rows);
    }

    /// <summary>Genuine and impostor pairs among the group's photos, counted from the CSV's rows.</summary>
    public (int Genuine, int Impostor) Pairs(string group)
    {
        var members = Rows.Where(r => r.Group == group).ToList();
        var genuine = members.SelectMany((x, i) => members.Skip(i + 1).Where(y => y.Identity == x.Identity)).Count();
        return (genuine, members.Count * (members.Count - 1) / 2 - genuine);
    }
}
