namespace Portal.Domain.Common;

/// <summary>
/// Enum values that arrive from outside — a form post, a query string, a circuit event, a service call — are
/// numbers underneath: a cast never checks, and <c>Enum.TryParse("99")</c> succeeds. An organisation stored with
/// sector 99 escaped every sector moratorium and threshold. Every door checks what it is given with these.
/// </summary>
public static class DefinedValues
{
    /// <summary>True when <paramref name="value"/> is one of the enum's named values.</summary>
    public static bool IsDefined<T>(T value) where T : struct, Enum => Enum.IsDefined(value);

    /// <summary>For a [Flags] enum: true when every bit set in <paramref name="value"/> belongs to a named flag.</summary>
    public static bool IsDefinedCombination<T>(T value) where T : struct, Enum
    {
        long known = 0;
        foreach (var named in Enum.GetValues<T>())
            known |= Convert.ToInt64(named, System.Globalization.CultureInfo.InvariantCulture);
        return (Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) & ~known) == 0;
    }

    /// <summary>True when every value in <paramref name="values"/> is defined.</summary>
    public static bool AreDefined<T>(IEnumerable<T> values) where T : struct, Enum => values.All(Enum.IsDefined);

    /// <summary>
    /// Reads a value by its name (any case), as a link or a query string carries it; a number, a combination or an
    /// unknown name gives null, so the caller falls back to "no filter" rather than filtering on nonsense.
    /// </summary>
    public static T? ParseName<T>(string? text) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text) || text.Contains(',') || !char.IsLetter(text.Trim()[0]))
            return null;
        return Enum.TryParse<T>(text.Trim(), ignoreCase: true, out var value) && Enum.IsDefined(value) ? value : null;
    }
}
