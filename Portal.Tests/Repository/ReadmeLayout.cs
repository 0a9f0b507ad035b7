namespace Portal.Tests.Repository;

/// <summary>A path the README's layout names: a folder when it ends with '/', otherwise a file.</summary>
public sealed record LayoutEntry(string Path, int Depth)
{
    public bool IsFolder => Path.EndsWith('/');
}

/// <summary>
/// Reads the code block under the README's "## Layout" heading: one path per line, first word only (the rest
/// describes it), two spaces of indent per level, a nested name relative to the folder above it.
/// </summary>
public static class ReadmeLayout
{
    public static IReadOnlyList<LayoutEntry> Parse(string readme)
    {
        var lines = readme.ReplaceLineEndings("\n").Split('\n');
        var heading = Array.FindIndex(lines, l => l.TrimEnd() == "## Layout");
        if (heading < 0)
            throw new FormatException("The README has no \"## Layout\" section.");
        var open = Array.FindIndex(lines, heading, l => l.StartsWith("```", StringComparison.Ordinal));
        var close = open < 0 ? -1 : Array.FindIndex(lines, open + 1, l => l.StartsWith("```", StringComparison.Ordinal));
        if (close < 0)
            throw new FormatException("The README's layout section has no code block.");

        var entries = new List<LayoutEntry>();
        var folders = new List<string>(); // folders[d]: the folder open at depth d
        foreach (var line in lines[(open + 1)..close].Where(l => l.Trim().Length > 0))
        {
            var indent = line.Length - line.TrimStart(' ').Length;
            var depth = indent / 2;
            // A line deeper than the open folders is nested under a file or skips a level: its path would be a guess.
            if (indent % 2 != 0 || depth > folders.Count)
                throw new FormatException($"The layout line \"{line}\" is not indented under a folder.");
            var name = line.TrimStart().Split(' ', 2)[0];
            var path = (depth == 0 ? "" : folders[depth - 1]) + name;
            folders.RemoveRange(depth, folders.Count - depth);
            if (name.EndsWith('/'))
                folders.Add(path);
            entries.Add(new LayoutEntry(path, depth));
        }
        return entries;
    }
}
