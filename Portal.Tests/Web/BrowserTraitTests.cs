using System.Reflection;
using Portal.Tests.Support;

namespace Portal.Tests.Web;

/// <summary>
/// Browser tests are run (<c>--filter Category=Browser</c>) or left out (<c>Category!=Browser</c>) on purpose,
/// so every class that drives the browser must carry the trait: one without it would run in the "no browser" set.
/// </summary>
public sealed class BrowserTraitTests
{
    [Fact]
    public void EveryBrowserTestClassCarriesTheBrowserCategory()
    {
        var browserClasses = typeof(BrowserTraitTests).Assembly.GetTypes()
            .Where(t => t.Namespace == "Portal.Tests.Web.EndToEnd" && t.GetMethods().Any(IsTest)
                || Attribute<CollectionAttribute>(t).Any(arguments => arguments is [BrowserCollection.Name]))
            .ToList();

        Assert.NotEmpty(browserClasses);
        Assert.Empty(browserClasses
            .Where(t => !Attribute<TraitAttribute>(t).Any(arguments => arguments is ["Category", "Browser"]))
            .Select(t => t.Name));
    }

    private static bool IsTest(MethodInfo method) => method.GetCustomAttributes<FactAttribute>(inherit: true).Any();

    /// <summary>xunit's attributes keep their arguments only in the metadata, so they are read from there.</summary>
    private static IEnumerable<object?[]> Attribute<T>(Type type) =>
        type.GetCustomAttributesData()
            .Where(a => a.AttributeType == typeof(T))
            .Select(a => a.ConstructorArguments.Select(argument => argument.Value).ToArray());
}
