using Portal.Tests.Support;

namespace Portal.Tests.Repository;

/// <summary>
/// Services take their collaborators by constructor; a short-lived Identity session comes from
/// <c>IdentitySessions</c>, as a short-lived context comes from <c>IDbContextFactory</c>. Only the composition roots
/// and that one adapter make a scope by hand.
/// </summary>
public sealed class ScopeCreationTests
{
    private static readonly HashSet<string> Allowed =
    [
        "Portal.Infrastructure/DependencyInjection.cs", // start-up: migration and seeding, once
        "Portal.Infrastructure/Identity/IdentitySessions.cs", // the one Identity session adapter
        "Portal.Web/Program.cs",
    ];

    [Fact]
    public void NoInfrastructureOrWebTypeButTheCompositionRootAndTheIdentitySessionAdapterMakesAScope()
    {
        var offenders = new[] { "Portal.Infrastructure", "Portal.Web" }
            .SelectMany(project => Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, project), "*.*", SearchOption.AllDirectories))
            .Where(file => file.EndsWith(".cs", StringComparison.Ordinal) || file.EndsWith(".razor", StringComparison.Ordinal))
            .Select(file => Path.GetRelativePath(RepositoryRoot.Path, file).Replace('\\', '/'))
            .Where(path => !path.Split('/').Any(part => part is "bin" or "obj" or "Migrations"))
            .Where(path => !Allowed.Contains(path))
            .Where(path => File.ReadAllText(Path.Combine(RepositoryRoot.Path, path)) is var text
                           && (text.Contains("CreateScope(", StringComparison.Ordinal) || text.Contains("CreateAsyncScope(", StringComparison.Ordinal)))
            .ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void TheScanFindsTheScopesItAllows()
    {
        // A scan that reads nothing would pass for ever; the allowed files are where the scopes are.
        Assert.All(Allowed.Where(path => !path.StartsWith("Portal.Web", StringComparison.Ordinal)), path =>
            Assert.Contains("CreateAsyncScope(", File.ReadAllText(Path.Combine(RepositoryRoot.Path, path)), StringComparison.Ordinal));
    }
}
