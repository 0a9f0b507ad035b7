using System.Text;
using Portal.Domain.Accuracy;

namespace Portal.Infrastructure.Evaluations;

/// <summary>A labels file the command cannot use, with the sentence that says why (no stack trace).</summary>
public sealed class LabelsCsvException(string message) : Exception(message);

/// <summary>
/// The labels of an evaluation set: header <c>file,identity</c> then any group columns (sex, age_band, …), one row
/// per photo. Fields follow RFC 4180 (quoted fields may hold commas, doubled quotes and line breaks).
/// </summary>
public sealed record LabelsCsv(IReadOnlyList<string> GroupColumns, IReadOnlyList<LabelledPhoto> Photos)
{
    /// <summary>
    /// Every value of every group column keeps its pairs' scores while the set runs: 5000 photos make 12.5 million
    /// pairs, about 100 MB a column, so a file with hundreds of columns would take the portal's memory with it.
    /// </summary>
    public const int MaxGroupColumns = 6;

    /// <summary>A column with more values than this is an identifier, not a group (and the pages list at most 50).</summary>
    public const int MaxValuesPerColumn = 50;

    public static LabelsCsv Read(string path)
    {
        if (!File.Exists(path))
            throw new LabelsCsvException($"The labels file {path} does not exist.");
        return Parse(File.ReadAllText(path), $"The labels file {path}");
    }

    /// <summary>Labels from text already read (a zip's labels.csv); <paramref name="called"/> names it in messages.</summary>
    public static LabelsCsv Parse(string text, string called = "The labels file")
    {
        var records = Records(text).Where(r => r.Fields is not [""]).ToList();
        if (records.Count == 0)
            throw new LabelsCsvException($"{called} is empty; its first line must be the header file,identity followed by any group columns.");
        var header = records[0].Fields.Select(f => f.Trim()).ToList();
        var fileAt = Column(header, "file");
        var identityAt = Column(header, "identity");
        if (header.FirstOrDefault(h => header.Count(other => string.Equals(other, h, StringComparison.OrdinalIgnoreCase)) > 1) is { } twice)
            throw new LabelsCsvException($"The header names the column '{twice}' twice.");
        if (header.Any(h => h.Length == 0))
            throw new LabelsCsvException("The header has a column without a name.");
        var groupColumns = header.Where((_, i) => i != fileAt && i != identityAt).ToList();
        if (groupColumns.Count > MaxGroupColumns)
            throw new LabelsCsvException($"The header has {groupColumns.Count} group columns; at most {MaxGroupColumns} are taken in one set.");

        var photos = new List<LabelledPhoto>();
        // Without regard to case: on a case-insensitive disk a.jpg and A.JPG are one photo, and its pairs would count twice.
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (line, fields) in records.Skip(1))
        {
            if (fields.Count != header.Count)
                throw new LabelsCsvException($"Line {line} has {fields.Count} fields; the header has {header.Count} ({string.Join(",", header)}).");
            var file = fields[fileAt].Trim();
            var identity = fields[identityAt].Trim();
            if (file.Length == 0)
                throw new LabelsCsvException($"Line {line} has no file.");
            if (identity.Length == 0)
                throw new LabelsCsvException($"Line {line} ({file}) has an empty identity; every photo needs one.");
            if (!seen.Add(file))
                throw new LabelsCsvException($"Line {line}: {file} is listed twice (upper and lower case count as the same name); each photo once, please.");
            var groups = groupColumns.ToDictionary(c => c, c => fields[header.IndexOf(c)].Trim(), StringComparer.Ordinal);
            photos.Add(new LabelledPhoto(file, identity, groups));
        }
        if (groupColumns.FirstOrDefault(c => photos.Select(p => p.Groups[c]).Distinct(StringComparer.Ordinal).Count() > MaxValuesPerColumn) is { } many)
            throw new LabelsCsvException($"The column '{many}' has more than {MaxValuesPerColumn} different values; a group column holds groups such as age bands, not one value per person.");
        return new LabelsCsv(groupColumns, photos);
    }

    /// <summary>The labels back as RFC 4180 text (header file,identity then the group columns): read again by <see cref="Parse"/>.</summary>
    public static string Write(LabelsCsv labels)
    {
        var text = new StringBuilder();
        text.Append(string.Join(",", new[] { "file", "identity" }.Concat(labels.GroupColumns).Select(Quoted))).Append("\r\n");
        foreach (var photo in labels.Photos)
        {
            var fields = new[] { photo.File, photo.Identity }.Concat(labels.GroupColumns.Select(c => photo.Groups.GetValueOrDefault(c) ?? ""));
            text.Append(string.Join(",", fields.Select(Quoted))).Append("\r\n");
        }
        return text.ToString();
    }

    private static string Quoted(string field) =>
        field.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;

    private static int Column(List<string> header, string name)
    {
        var index = header.FindIndex(h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
        return index >= 0 ? index : throw new LabelsCsvException(
            $"The labels file has no '{name}' column; its header must be file,identity followed by any group columns (it is: {string.Join(",", header)}).");
    }

    /// <summary>RFC 4180 records with the line each starts on; a lone CR, LF or CRLF ends a record outside quotes.</summary>
    private static IEnumerable<(int Line, List<string> Fields)> Records(string text)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        int line = 1, start = 1;
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                    field.Append(text[++i]);
                else if (c == '"')
                    quoted = false;
                else
                {
                    line += c == '\n' ? 1 : 0;
                    field.Append(c);
                }
            }
            else if (c == '"' && field.Length == 0)
                quoted = true;
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                    i++;
                fields.Add(field.ToString());
                field.Clear();
                yield return (start, fields);
                fields = [];
                start = ++line;
            }
            else
                field.Append(c);
        }
        if (quoted)
            throw new LabelsCsvException($"A quoted field that starts on line {start} is never closed.");
        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            yield return (start, fields);
        }
    }
}
