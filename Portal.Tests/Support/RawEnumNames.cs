using System.Reflection;
using System.Text.RegularExpressions;
using Portal.Domain.Identity;
using Portal.Domain.Organisations;

namespace Portal.Tests.Support;

/// <summary>
/// The names of the domain's enum values and roles that a person must never read: those of several words run
/// together ("UnderReview", "PartnerStaff"). A one-word name ("Open") reads the same as its label.
/// </summary>
public static partial class RawEnumNames
{
    public static Assembly Domain { get; } = typeof(Purpose).Assembly;

    public static IReadOnlyList<Type> Enums { get; } = Domain.GetTypes().Where(t => t.IsEnum && t.IsPublic).ToList();

    public static IReadOnlyList<string> All { get; } =
        Enums.SelectMany(Enum.GetNames).Concat(Roles.All).Where(IsSeveralWords).Distinct().ToList();

    public static bool IsSeveralWords(string name) => RunTogether().IsMatch(name);

    /// <summary>The raw names found in <paramref name="text"/> as words (not inside a longer identifier).</summary>
    public static IReadOnlyList<string> In(string text) =>
        All.Where(name => Regex.IsMatch(text, $@"\b{name}\b")).ToList();

    [GeneratedRegex("[a-z][A-Z]")]
    private static partial Regex RunTogether();
}
