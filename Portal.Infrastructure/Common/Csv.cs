namespace Portal.Infrastructure.Common;

/// <summary>
/// CSV rows (RFC 4180 quoting) safe to open in a spreadsheet: a cell that begins like a formula (=, +, -, @,
/// tab, carriage return) is prefixed with an apostrophe, so a note typed into the portal cannot run in Excel.
/// </summary>
public static class Csv
{
    public static string Row(IEnumerable<string> cells) => string.Join(",", cells.Select(Cell));

    public static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
            value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 || value.StartsWith(' ') || value.EndsWith(' ')
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
    }
}
