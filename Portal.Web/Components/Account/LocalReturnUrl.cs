namespace Portal.Web.Components.Account;

/// <summary>
/// The one check of a return address taken from a query or a form: a path on this site, or "/" otherwise.
/// Browsers are lenient in ways that turn innocent-looking values into other sites ("//x", "/\x", "/%09/x"
/// become "//x" once a tab is dropped or a backslash read as a slash), so anything unusual is refused
/// outright rather than repaired.
/// </summary>
internal static class LocalReturnUrl
{
    public const string Home = "/";
    private const int MaxLength = 2048;

    /// <summary><paramref name="value"/> when it is a same-site path (absolute "/x" or base-relative "x"), else "/".</summary>
    public static string OrHome(string? value) => IsLocal(value) ? value! : Home;

    public static bool IsLocal(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength || HasUnsafeCharacter(value))
            return false;
        string decoded;
        try
        {
            decoded = Uri.UnescapeDataString(value);
        }
        catch (UriFormatException)
        {
            return false;
        }
        // Judged again once decoded: "%5C" and "%09" are a backslash and a tab to some parsers.
        if (HasUnsafeCharacter(decoded) || StartsLikeAnotherHost(value) || StartsLikeAnotherHost(decoded))
            return false;
        return !HasScheme(value) && !HasScheme(decoded) && Uri.IsWellFormedUriString(value, UriKind.Relative);
    }

    private static bool HasUnsafeCharacter(string value) =>
        value.Any(c => c == '\\' || char.IsControl(c) || char.IsWhiteSpace(c));

    private static bool StartsLikeAnotherHost(string value) => value.StartsWith("//", StringComparison.Ordinal);

    /// <summary>"javascript:x" or "https:x": a colon before the first slash, query or fragment names a scheme.</summary>
    private static bool HasScheme(string value)
    {
        var end = value.IndexOfAny(['/', '?', '#']);
        return (end < 0 ? value : value[..end]).Contains(':', StringComparison.Ordinal);
    }
}
