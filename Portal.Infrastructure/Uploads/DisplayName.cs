using System.Globalization;
using System.Text;

namespace Portal.Infrastructure.Uploads;

/// <summary>
/// A file name as given by an uploader, made safe to show: no folders ("../"), no control characters, no
/// bidirectional overrides that make "gpj.exe" read as "exe.jpg". It is never used to name a stored file.
/// </summary>
public static class DisplayName
{
    private const int MaxLength = 120;

    public static string Clean(string? fileName)
    {
        var name = (fileName ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        var builder = new StringBuilder(name.Length);
        foreach (var rune in name.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned)
                continue;
            builder.Append(rune.ToString());
        }
        var cleaned = builder.ToString().Trim().TrimStart('.');
        if (cleaned.Length > MaxLength)
            cleaned = cleaned[..MaxLength];
        return cleaned.Length == 0 ? "unnamed photo" : cleaned;
    }
}
