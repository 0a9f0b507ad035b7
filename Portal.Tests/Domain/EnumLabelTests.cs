using System.Reflection;
using Portal.Domain.Identity;
using Portal.Domain.Organisations;
using Portal.Tests.Support;

namespace Portal.Tests.Domain;

/// <summary>
/// Issue 13, confusion 7: every enum a person may read has one written label, next to it in the domain, and the
/// label is words ("Under review"), never the value's own name ("UnderReview"). A new enum without a label fails here.
/// </summary>
public sealed class EnumLabelTests
{
    [Fact]
    public void EveryEnumOfTheDomainHasOneWrittenLabel()
    {
        var missing = RawEnumNames.Enums.Where(type => LabelOf(type) is null).Select(type => type.Name).ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void EveryValueReadsAsWordsNotAsItsOwnName()
    {
        var raw = new List<string>();
        foreach (var type in RawEnumNames.Enums)
        {
            var label = LabelOf(type);
            if (label is null)
                continue;
            foreach (var value in Enum.GetValues(type))
            {
                if (type.IsDefined(typeof(FlagsAttribute)) && Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) == 0)
                    continue; // "none of them" is not a value a person picks or reads alone
                var name = value.ToString()!;
                var words = (string?)label.Invoke(null, [value]);
                if (string.IsNullOrWhiteSpace(words) || RawEnumNames.In(words).Count > 0 || (RawEnumNames.IsSeveralWords(name) && words == name))
                    raw.Add($"{type.Name}.{name} reads \"{words}\"");
            }
        }

        Assert.Empty(raw);
    }

    [Fact]
    public void EveryRoleReadsAsWords()
    {
        Assert.Equal(["Platform admin", "Partner staff", "Reviewer"], Roles.All.Select(Roles.Label));
    }

    [Fact]
    public void EachPurposeHasOneNameTheApplicationAndTheCaseShare()
    {
        Assert.Equal("Reuniting families after disasters", Purposes.Label(Purpose.DisasterReunification));
        Assert.Equal(Purposes.All.Count, Purposes.All.Select(Purposes.Label).Distinct().Count());
    }

    /// <summary>The one public static label method of the domain for an enum: Label, or the older Describe.</summary>
    private static MethodInfo? LabelOf(Type type) =>
        RawEnumNames.Domain.GetTypes()
            .Where(t => t is { IsAbstract: true, IsSealed: true })
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
            .SingleOrDefault(m => m.Name is "Label" or "Describe" && m.ReturnType == typeof(string)
                && m.GetParameters() is [var parameter] && parameter.ParameterType == type);
}
